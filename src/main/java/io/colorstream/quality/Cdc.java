package io.colorstream.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Colour distribution consistency of one clip (as in TCVC): lower is steadier.
 *
 * <p>Per frame and per channel B, G, R a 256-bin histogram divided by H·W. For each dilation d ∈ {1, 2, 4} the
 * Jensen–Shannon divergence (natural log, so at most ln 2) between frames t and t+d is averaged over all pairs
 * that exist in the clip (t+d beyond the last frame: that pair simply does not exist; each d is averaged over
 * its own pairs) and over the three channels; the clip's CDC is the mean over the dilations with weight 1/3
 * each. A clip of n ≤ d frames has no pair for d: the mean is then over the dilations that have pairs (a clip
 * of 2..4 frames uses d = 1, or 1 and 2). Callers average clip values over clips.
 *
 * <p>Feed frames in order with {@link #add}; only the histograms are kept (6 KB a frame).
 */
public final class Cdc {
    public static final int[] DILATIONS = {1, 2, 4};

    /** Per frame: 3×256 probabilities, channels in B, G, R order. */
    private final List<double[][]> histograms = new ArrayList<>();

    /** CDC of a whole clip given as frames in order. */
    public static double of(List<RgbImage> frames) {
        Cdc cdc = new Cdc();
        frames.forEach(cdc::add);
        return cdc.value();
    }

    /** Adds the next frame of the clip; frames of one clip must share a size. */
    public void add(RgbImage frame) {
        histograms.add(histogramsBgr(frame));
    }

    public int frames() {
        return histograms.size();
    }

    /**
     * @throws IllegalStateException with fewer than two frames, when no pair exists
     */
    public double value() {
        int n = histograms.size();
        if (n < 2) {
            throw new IllegalStateException("CDC needs at least two frames, got " + n);
        }
        double sum = 0;
        int dilationsUsed = 0;
        for (int d : DILATIONS) {
            int pairs = n - d;
            if (pairs <= 0) {
                continue;
            }
            double channelSum = 0;
            for (int c = 0; c < 3; c++) {
                double pairSum = 0;
                for (int t = 0; t < pairs; t++) {
                    pairSum += jsDivergence(histograms.get(t)[c], histograms.get(t + d)[c]);
                }
                channelSum += pairSum / pairs;
            }
            sum += channelSum / 3;
            dilationsUsed++;
        }
        return sum / dilationsUsed;
    }

    /** Normalized 256-bin histograms of the B, G and R channels. */
    public static double[][] histogramsBgr(RgbImage frame) {
        long[][] counts = new long[3][256];
        byte[] p = frame.rgb();
        for (int o = 0; o < p.length; o += 3) {
            counts[2][p[o] & 0xFF]++;
            counts[1][p[o + 1] & 0xFF]++;
            counts[0][p[o + 2] & 0xFF]++;
        }
        double[][] h = new double[3][256];
        double n = frame.pixelCount();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 256; i++) {
                h[c][i] = counts[c][i] / n;
            }
        }
        return h;
    }

    /**
     * Jensen–Shannon divergence in nats: ½·KL(p‖m) + ½·KL(q‖m) with m = ½(p+q), terms with p = 0 counting 0
     * (scipy.stats.entropy's convention). Both inputs must be probability vectors of one length.
     */
    public static double jsDivergence(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("histograms differ in length: " + p.length + " and " + q.length);
        }
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return js;
    }
}
