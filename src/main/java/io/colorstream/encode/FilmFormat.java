package io.colorstream.encode;

import io.colorstream.wire.PictureShape;
import java.util.Map;
import io.colorstream.wire.VideoFacts;

/**
 * The shape of the film to write: picture size, the source's frame rate as a rational (so 30000/1001 stays exact),
 * the source's audio format (0 channels when there is no sound), and its pixel aspect and field order.
 */
public record FilmFormat(int width, int height, int frameRateNum, int frameRateDen, int audioSampleRate,
                         int audioChannels, PictureShape picture, Map<String, String> tags) {
    public FilmFormat(int width, int height, int frameRateNum, int frameRateDen, int audioSampleRate,
                      int audioChannels, PictureShape picture) {
        this(width, height, frameRateNum, frameRateDen, audioSampleRate, audioChannels, picture, Map.of());
    }

    /** Square pixels, progressive. */
    public FilmFormat(int width, int height, int frameRateNum, int frameRateDen, int audioSampleRate,
                      int audioChannels) {
        this(width, height, frameRateNum, frameRateDen, audioSampleRate, audioChannels,
                PictureShape.SQUARE_PROGRESSIVE, Map.of());
    }

    public FilmFormat withPicture(PictureShape shape) {
        return new FilmFormat(width, height, frameRateNum, frameRateDen, audioSampleRate, audioChannels, shape, tags);
    }

    public FilmFormat {
        if (picture == null) { // a format written before the picture's shape was kept
            picture = PictureShape.SQUARE_PROGRESSIVE;
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
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
                        facts.audioChannels(), facts.pictureShape(), facts.carriedTags())
                : new FilmFormat(width, height, facts.frameRateNum(), facts.frameRateDen(), 0, 0,
                        facts.pictureShape(), facts.carriedTags());
    }

    public double frameRate() {
        return (double) frameRateNum / frameRateDen;
    }

    public boolean hasAudio() {
        return audioChannels > 0;
    }
}
