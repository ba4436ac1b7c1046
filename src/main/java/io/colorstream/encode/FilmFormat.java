package io.colorstream.encode;

import io.colorstream.stream.wire.VideoFacts;

/**
 * The shape of the film to write: picture size, the source's frame rate as a rational (so 30000/1001 stays exact)
 * and the source's audio format (0 channels when there is no sound).
 */
public record FilmFormat(int width, int height, int frameRateNum, int frameRateDen, int audioSampleRate,
                         int audioChannels) {
    public FilmFormat {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("picture size must be positive, got " + width + "x" + height);
        }
        if (frameRateNum <= 0 || frameRateDen <= 0) {
            throw new IllegalArgumentException("frame rate must be a positive rational, got " + frameRateNum + "/"
                    + frameRateDen);
        }
        if (audioChannels < 0 || audioSampleRate < 0 || (audioChannels > 0) != (audioSampleRate > 0)) {
            throw new IllegalArgumentException("audio needs both a sample rate and channels, got " + audioSampleRate
                    + " Hz, " + audioChannels + " channels");
        }
    }

    /** The source's frame rate and audio from what ingest learned, at the size of the frames themselves. */
    public static FilmFormat of(VideoFacts facts, int width, int height) {
        return facts.hasAudio()
                ? new FilmFormat(width, height, facts.frameRateNum(), facts.frameRateDen(), facts.audioSampleRate(),
                        facts.audioChannels())
                : new FilmFormat(width, height, facts.frameRateNum(), facts.frameRateDen(), 0, 0);
    }

    public double frameRate() {
        return (double) frameRateNum / frameRateDen;
    }

    public boolean hasAudio() {
        return audioChannels > 0;
    }
}
