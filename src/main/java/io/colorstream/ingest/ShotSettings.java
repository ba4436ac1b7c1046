package io.colorstream.ingest;

/**
 * How eagerly {@link ShotDetector} cuts.
 *
 * @param threshold     histogram distance (L1 of normalized 64-bin L histograms, in [0, 2]) above which two
 *                      consecutive frames belong to different shots. Half of it is the share of pixels whose
 *                      brightness class changed: the default 0.5 means a quarter of the picture changed class
 *                      even after discounting a global exposure change
 * @param minShotFrames no cut within this many frames of the previous one (and of the first frame): a cut
 *                      detector's double triggers on flashes and splices are shorter than any real shot
 */
public record ShotSettings(double threshold, int minShotFrames) {
    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int DEFAULT_MIN_SHOT_FRAMES = 6;

    public ShotSettings {
        if (!(threshold > 0 && threshold <= 2)) {
            throw new IllegalArgumentException("shot threshold must be in (0, 2], got " + threshold);
        }
        if (minShotFrames < 1) {
            throw new IllegalArgumentException("minimum shot length must be at least 1 frame, got " + minShotFrames);
        }
    }

    public static ShotSettings defaults() {
        return new ShotSettings(DEFAULT_THRESHOLD, DEFAULT_MIN_SHOT_FRAMES);
    }
}
