package io.colorstream.wire;

import java.util.Map;

/**
 * What ingest learned about a video, on the compacted videos topic under key {@code videoId}. Published once
 * when decoding starts (totals null) and again when ingest has published everything (totals set): the encoder
 * knows a film is complete only from the totals, never from silence.
 *
 * <p>When the input breaks after frames were published (a stream that drops, a film that changes size), ingest
 * still publishes totals, counting what it did publish, with {@code interruption} saying why it stopped: the
 * encoder then finishes those frames as a partial film beside the output, so hours already colorized are not
 * lost, and says so. A field added after wire v1's first release: older records read it as null.
 *
 * @param frameRateNum     frame rate numerator (e.g. 30000)
 * @param frameRateDen     frame rate denominator (e.g. 1001)
 * @param durationMicros   container duration, or -1 when unknown (live)
 * @param frameCountHint   frame count the container claims, or -1 when unknown
 * @param audioSampleRate  0 when the video has no audio
 * @param totals           null until ingest is done
 * @param interruption     null, or why the input ended early (then the totals cover only what came before)
 * @param picture          pixel aspect and field order (added within wire v1: older records read it as null,
 *                         square pixels and progressive)
 * @param tags             the source's title, date and timecode to carry into the film (added within wire v1;
 *                         null in older records)
 */
public record VideoFacts(String videoId, String source, int width, int height, int frameRateNum, int frameRateDen,
                         long durationMicros, long frameCountHint, String videoCodec, String audioCodec,
                         int audioSampleRate, int audioChannels, Totals totals,
                         String interruption, PictureShape picture, Map<String, String> tags) {

    public VideoFacts(String videoId, String source, int width, int height, int frameRateNum, int frameRateDen,
                      long durationMicros, long frameCountHint, String videoCodec, String audioCodec,
                      int audioSampleRate, int audioChannels, Totals totals, String interruption,
                      PictureShape picture) {
        this(videoId, source, width, height, frameRateNum, frameRateDen, durationMicros, frameCountHint, videoCodec,
                audioCodec, audioSampleRate, audioChannels, totals, interruption, picture, null);
    }

    /** The tags to carry; empty when ingest sent none. */
    public Map<String, String> carriedTags() {
        return tags == null ? Map.of() : tags;
    }

    /** Facts of a film with square pixels, progressive (as before the picture's shape was carried). */
    public VideoFacts(String videoId, String source, int width, int height, int frameRateNum, int frameRateDen,
                      long durationMicros, long frameCountHint, String videoCodec, String audioCodec,
                      int audioSampleRate, int audioChannels, Totals totals, String interruption) {
        this(videoId, source, width, height, frameRateNum, frameRateDen, durationMicros, frameCountHint, videoCodec,
                audioCodec, audioSampleRate, audioChannels, totals, interruption, null);
    }

    /** The picture's shape; square and progressive when ingest did not say. */
    public PictureShape pictureShape() {
        return picture == null ? PictureShape.SQUARE_PROGRESSIVE : picture;
    }

    /** @param shotFrameCounts frames per shot, index = shot */
    public record Totals(long frames, long[] shotFrameCounts, long audioChunks) {
        public int shots() {
            return shotFrameCounts.length;
        }
    }

    public double frameRate() {
        return (double) frameRateNum / frameRateDen;
    }

    public boolean hasAudio() {
        return audioSampleRate > 0 && audioChannels > 0;
    }

    public VideoFacts withTotals(Totals t) {
        return interruptedWith(t, interruption);
    }

    /** The totals of what was published before the input broke, and why it broke. */
    public VideoFacts interruptedWith(Totals t, String why) {
        return new VideoFacts(videoId, source, width, height, frameRateNum, frameRateDen, durationMicros,
                frameCountHint, videoCodec, audioCodec, audioSampleRate, audioChannels, t, why, picture, tags);
    }

    /** True when ingest stopped early and the totals count only the frames before the break. */
    public boolean interrupted() {
        return interruption != null;
    }
}
