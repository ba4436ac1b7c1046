package io.colorstream.ingest;

import java.util.Arrays;

/**
 * Finds the cuts of a black-and-white film from its luminance alone (it has no hue to compare).
 *
 * <p>Each frame becomes two 64-bin histograms of its L codes, both normalized to sum to 1:
 * <ul>
 *   <li>raw: the codes as they are;</li>
 *   <li>exposure-normalized: each code's L* + 16 divided by the frame's mean L* + 16. Exposure flicker of old
 *       film (uneven shutter, lamp, development) scales linear light by some g, and since L* + 16 = 116·Y^⅓
 *       that scales L* + 16 by g^⅓: this histogram does not move. Each code is split linearly between its two
 *       nearest bins, so the per-frame rescaling does not alias.</li>
 * </ul>
 * The distance between consecutive frames is the smaller of the two L1 distances: a cut must change the
 * picture's tonal make-up, not only its exposure. (Normalizing by mean and standard deviation was tried
 * first: it also erased real cuts between shots whose histograms differ mainly in spread.)
 *
 * <p>L1 rather than chi-square: it is bounded ([0, 2]), reads directly as twice the share of pixels that
 * changed brightness class, and does not let sparse bins (a few grain pixels in the highlights) dominate, which
 * chi-square does by dividing by small bin masses.
 *
 * <p>What normalization cannot remove (clipped highlights under strong flicker, an additive shift of a
 * histogram with narrow peaks) is handled by requiring a cut's distance to stand out: above the threshold and
 * at least {@link #STANDOUT} times the running mean of the distances within the current shot. Measured on an
 * encoded 8-shot clip with simulated flicker: clean, grain (σ = 20 L codes), gain flicker ±30 % and ±60 % all
 * give exactly the true cuts; ±30 % gain plus ±6 L* offset on high-contrast stripes (narrow histogram peaks)
 * misses two cuts after that shot but adds no false one; ±60 % gain with grain misses one and adds one. A missed
 * cut only lets chroma smoothing run across it; a false one restarts it. No cut comes within {@link ShotSettings#minShotFrames()} of the last one.
 *
 * <p>Cost: one pass over the pixels (a 256-code count); the rest works on 256 counts. Not thread-safe: one
 * detector per film, frames in order.
 */
public final class ShotDetector {
    static final int BINS = 64;
    /** A cut's distance must be at least this many times the recent within-shot average. */
    static final double STANDOUT = 3.0;
    /** Weight of the newest distance in the running within-shot mean. */
    private static final double RECENT_WEIGHT = 0.2;
    /** The 16 of L* = 116·f(Y) − 16, in L codes (L*·2.55). */
    private static final double L_OFFSET_CODES = 16 * 2.55;

    private final ShotSettings settings;
    private final long[] codes = new long[256];
    private double[] raw = new double[BINS];
    private double[] normalized = new double[BINS];
    private double[] previousRaw = new double[BINS];
    private double[] previousNormalized = new double[BINS];
    private long frame = -1;
    private long shotStart;
    private int shot;
    private double recentMean = -1;
    private double lastDistance;

    public ShotDetector(ShotSettings settings) {
        this.settings = settings;
    }

    public ShotDetector() {
        this(ShotSettings.defaults());
    }

    /** The shot index (0, 1, 2, …) of the next frame of the film; call once per frame, in order. */
    public int shotOf(byte[] luma) {
        if (luma.length == 0) {
            throw new IllegalArgumentException("an empty frame has no shot");
        }
        histograms(luma);
        frame++;
        if (frame == 0) {
            swap();
            return shot;
        }
        lastDistance = Math.min(l1(raw, previousRaw), l1(normalized, previousNormalized));
        swap();
        boolean standsOut = recentMean < 0 || lastDistance > STANDOUT * recentMean;
        if (lastDistance > settings.threshold() && standsOut && frame - shotStart >= settings.minShotFrames()) {
            shot++;
            shotStart = frame;
            recentMean = -1; // a new shot starts with no history
            return shot;
        }
        // Capped at twice the threshold: one refused cut (a flash, a cut too soon after the last) must not make
        // the next real cut look ordinary for long, while steady flicker above the threshold still raises the bar.
        double counted = Math.min(lastDistance, 2 * settings.threshold());
        recentMean = recentMean < 0 ? counted : recentMean + RECENT_WEIGHT * (counted - recentMean);
        return shot;
    }

    /** Distance between the last two frames given (0 for the first frame). */
    public double lastDistance() {
        return lastDistance;
    }

    /** Shots seen so far (the current one included). */
    public int shots() {
        return frame < 0 ? 0 : shot + 1;
    }

    private void swap() {
        double[] t = previousRaw;
        previousRaw = raw;
        raw = t;
        t = previousNormalized;
        previousNormalized = normalized;
        normalized = t;
    }

    /** One pass over the pixels (a 256-code count); everything else works on the 256 counts. */
    private void histograms(byte[] luma) {
        Arrays.fill(codes, 0);
        for (byte b : luma) {
            codes[b & 0xFF]++;
        }
        double n = luma.length;
        double sum = 0;
        for (int c = 0; c < 256; c++) {
            sum += (double) c * codes[c];
        }
        double mean = sum / n;
        Arrays.fill(raw, 0);
        Arrays.fill(normalized, 0);
        // Exposure scales linear light by g, so L* + 16 scales by the cube root of g: dividing each code's
        // (L* + 16) by the frame's mean (L* + 16) cancels it. r = 1 lands mid-histogram.
        double binsPerRatio = (BINS / 2.0) / (mean + L_OFFSET_CODES);
        for (int c = 0; c < 256; c++) {
            if (codes[c] == 0) {
                continue;
            }
            double mass = codes[c] / n;
            raw[c * BINS / 256] += mass;
            double at = (c + L_OFFSET_CODES) * binsPerRatio - 0.5; // bin centres at i + 0.5
            if (at <= 0) {
                normalized[0] += mass;
            } else if (at >= BINS - 1) {
                normalized[BINS - 1] += mass;
            } else {
                int lo = (int) at;
                double frac = at - lo;
                normalized[lo] += mass * (1 - frac);
                normalized[lo + 1] += mass * frac;
            }
        }
    }

    private static double l1(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < BINS; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }
}
