package io.colorstream.stream.wire;

/**
 * What ingest learned about a video, on the compacted videos topic under key {@code videoId}. Published once
 * when decoding starts (totals null) and again when ingest has published everything (totals set): the encoder
 * knows a film is complete only from the totals, never from silence.
 *
 * @param frameRateNum     frame rate numerator (e.g. 30000)
 * @param frameRateDen     frame rate denominator (e.g. 1001)
 * @param durationMicros   container duration, or -1 when unknown (live)
 * @param frameCountHint   frame count the container claims, or -1 when unknown
 * @param audioSampleRate  0 when the video has no audio
 * @param totals           null until ingest is done
 */
public record VideoFacts(String videoId, String source, int width, int height, int frameRateNum, int frameRateDen,
                         long durationMicros, long frameCountHint, String videoCodec, String audioCodec,
                         int audioSampleRate, int audioChannels, Totals totals) {

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
        return new VideoFacts(videoId, source, width, height, frameRateNum, frameRateDen, durationMicros,
                frameCountHint, videoCodec, audioCodec, audioSampleRate, audioChannels, t);
    }
}
