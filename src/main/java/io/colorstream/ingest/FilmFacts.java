package io.colorstream.ingest;

import io.colorstream.wire.PictureShape;
import java.util.Map;
import io.colorstream.wire.VideoFacts;

/**
 * What the decoder learned about a film when it opened it.
 *
 * @param source          the input with any password removed (safe to log and publish)
 * @param frameRateNum    frame rate as a fraction (e.g. 30000/1001); the stream's average rate, else its base rate
 * @param durationMicros  length of the video stream (else of the container), -1 when unknown (live)
 * @param frameCountHint  frames the container claims or its duration implies, -1 when unknown; a hint for
 *                        progress, never a promise (the totals at the end are the truth)
 * @param audioCodec      null when there is no audio
 * @param audioSampleRate 0 when there is no audio
 * @param picture         pixel aspect ratio and field order of the source
 * @param tags            the source's title, date and timecode, to carry into the colour film
 */
public record FilmFacts(String source, int width, int height, int frameRateNum, int frameRateDen,
                        long durationMicros, long frameCountHint, String videoCodec, String audioCodec,
                        int audioSampleRate, int audioChannels, PictureShape picture, Map<String, String> tags) {

    public FilmFacts {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public FilmFacts(String source, int width, int height, int frameRateNum, int frameRateDen, long durationMicros,
                     long frameCountHint, String videoCodec, String audioCodec, int audioSampleRate,
                     int audioChannels, PictureShape picture) {
        this(source, width, height, frameRateNum, frameRateDen, durationMicros, frameCountHint, videoCodec,
                audioCodec, audioSampleRate, audioChannels, picture, Map.of());
    }

    public FilmFacts(String source, int width, int height, int frameRateNum, int frameRateDen, long durationMicros,
                     long frameCountHint, String videoCodec, String audioCodec, int audioSampleRate,
                     int audioChannels) {
        this(source, width, height, frameRateNum, frameRateDen, durationMicros, frameCountHint, videoCodec,
                audioCodec, audioSampleRate, audioChannels, PictureShape.SQUARE_PROGRESSIVE);
    }

    public double frameRate() {
        return (double) frameRateNum / frameRateDen;
    }

    /** A feed with no known length (a camera, a broadcast): it ends when it is stopped, and is whole then. */
    public boolean isLive() {
        return durationMicros < 0;
    }

    public boolean hasAudio() {
        return audioSampleRate > 0 && audioChannels > 0;
    }

    /**
     * The facts of the film from frame {@code skip} on: the frame count hint is what is left (the duration stays
     * the input's, so a file is still told from a live feed).
     */
    public FilmFacts fromFrame(long skip) {
        if (skip == 0) {
            return this;
        }
        long left = frameCountHint < 0 ? -1 : Math.max(0, frameCountHint - skip);
        return new FilmFacts(source, width, height, frameRateNum, frameRateDen, durationMicros, left, videoCodec,
                audioCodec, audioSampleRate, audioChannels, picture, tags);
    }

    /** The facts as published at the start of ingest (no totals yet). */
    public VideoFacts toVideoFacts(String videoId) {
        return new VideoFacts(videoId, source, width, height, frameRateNum, frameRateDen, durationMicros,
                frameCountHint, videoCodec, audioCodec, audioSampleRate, audioChannels, null, null, picture, tags);
    }
}
