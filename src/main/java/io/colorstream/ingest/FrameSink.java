package io.colorstream.ingest;

/** Receives what {@link FilmDecoder#decode} yields, in decoding order (video in presentation order). */
public interface FrameSink {
    /**
     * One video frame.
     *
     * @param seq       0-based position of the frame in the film
     * @param ptsMicros presentation time, microseconds from the film's start (strictly increasing)
     * @param luma      L codes (round(L*·255/100)), width·height bytes, row-major. The decoder reuses this array
     *                  for the next frame: use or copy it before returning.
     */
    void onVideo(long seq, long ptsMicros, byte[] luma);

    /**
     * One decoded run of audio; nothing is called for films without sound.
     *
     * @param ptsMicros presentation time of the first sample, on the same clock as the video
     * @param pcm       interleaved signed 16-bit little-endian PCM, channels·samples·2 bytes; the sink may keep it
     */
    default void onAudio(long ptsMicros, int sampleRate, int channels, byte[] pcm) {
    }
}
