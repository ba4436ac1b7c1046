package io.colorstream.ingest;

import io.colorstream.wire.AudioChunk;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gathers the decoder's small audio frames (~23 ms of AAC each) into chunks of about {@code chunkSeconds}, so
 * the audio topic carries a few records per second instead of dozens. A chunk is closed early when the format
 * changes or the timestamps jump (a gap in a live feed), so every chunk's pts is exact for all its samples.
 */
final class AudioChunker {
    /** A gap smaller than this is rounding in the container's timestamps, not a hole in the sound. */
    private static final long MIN_GAP_MICROS = 2_000;

    private final String videoId;
    private final double chunkSeconds;
    private final Consumer<AudioChunk> out;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private long chunkPts;
    private int rate;
    private int channels;
    private long index;

    AudioChunker(String videoId, double chunkSeconds, Consumer<AudioChunk> out) {
        this.videoId = videoId;
        this.chunkSeconds = chunkSeconds;
        this.out = out;
    }

    void add(long ptsMicros, int sampleRate, int channelCount, byte[] pcm) {
        int frameBytes = channelCount * 2;
        if (length > 0) {
            long expected = chunkPts + samples() * 1_000_000L / rate;
            long tolerance = Math.max(MIN_GAP_MICROS, (pcm.length / frameBytes) * 500_000L / sampleRate);
            if (sampleRate != rate || channelCount != channels || Math.abs(ptsMicros - expected) > tolerance) {
                flush();
            }
        }
        if (length == 0) {
            chunkPts = ptsMicros;
            rate = sampleRate;
            channels = channelCount;
        }
        if (length + pcm.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + pcm.length));
        }
        System.arraycopy(pcm, 0, buffer, length, pcm.length);
        length += pcm.length;
        if (samples() >= chunkSeconds * rate) {
            flush();
        }
    }

    /** Publishes what is gathered (at the end of the film, or before a jump). */
    void flush() {
        if (length == 0) {
            return;
        }
        out.accept(new AudioChunk(videoId, index++, chunkPts, rate, channels, Arrays.copyOf(buffer, length)));
        length = 0;
    }

    /** Chunks published so far. */
    long chunks() {
        return index;
    }

    private long samples() {
        return length / (channels * 2L);
    }
}
