package io.colorstream.wire;

/**
 * A run of decoded audio on the audio topic, key {@code videoId} (one partition per video keeps chunks in order).
 *
 * @param index      0-based chunk number
 * @param ptsMicros  presentation time of the first sample
 * @param samples    interleaved signed 16-bit little-endian PCM, channels·frames·2 bytes
 */
public record AudioChunk(String videoId, long index, long ptsMicros, int sampleRate, int channels, byte[] samples) {
}
