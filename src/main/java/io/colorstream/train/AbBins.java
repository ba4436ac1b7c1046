package io.colorstream.train;

/**
 * The quantized a*b* plane the network classifies into: a 16×16 grid of bins 16 units wide over [-128, 128),
 * and the class-rebalancing weights (Zhang et al. 2016) that keep rare, saturated colours from being drowned by
 * the many near-gray pixels of natural photos.
 */
public final class AbBins {
    public static final int GRID = 16;
    public static final int COUNT = GRID * GRID;
    public static final float STEP = 16f;

    private AbBins() {
    }

    /** Bin centres as {a, b} pairs divided by 128 (the network's units), bin index = ia·GRID + ib. */
    public static float[][] centers() {
        float[][] c = new float[COUNT][2];
        for (int ia = 0; ia < GRID; ia++) {
            for (int ib = 0; ib < GRID; ib++) {
                c[ia * GRID + ib][0] = (-128f + STEP * (ia + 0.5f)) / 128f;
                c[ia * GRID + ib][1] = (-128f + STEP * (ib + 0.5f)) / 128f;
            }
        }
        return c;
    }

    /** The bin a chroma value (CIELAB units) falls in. */
    public static int binOf(float a, float b) {
        int ia = Math.max(0, Math.min(GRID - 1, (int) Math.floor((a + 128f) / STEP)));
        int ib = Math.max(0, Math.min(GRID - 1, (int) Math.floor((b + 128f) / STEP)));
        return ia * GRID + ib;
    }

    /**
     * Rebalancing weights from bin counts: w ∝ 1 / ((1 − λ)·p̃ + λ/Q), with p̃ the empirical distribution
     * smoothed by a Gaussian over neighbouring bins, normalised so that the expected weight under p̃ is 1.
     */
    public static float[] rebalancingWeights(long[] counts, double lambda) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no chroma samples to rebalance from");
        }
        double[] p = new double[COUNT];
        for (int ia = 0; ia < GRID; ia++) {
            for (int ib = 0; ib < GRID; ib++) {
                double s = 0;
                double norm = 0;
                for (int da = -2; da <= 2; da++) {
                    for (int db = -2; db <= 2; db++) {
                        int ja = ia + da;
                        int jb = ib + db;
                        if (ja < 0 || jb < 0 || ja >= GRID || jb >= GRID) {
                            continue;
                        }
                        double g = Math.exp(-(da * da + db * db) / 2.0); // σ = 1 bin
                        s += g * counts[ja * GRID + jb] / total;
                        norm += g;
                    }
                }
                p[ia * GRID + ib] = s / norm;
            }
        }
        double psum = 0;
        for (double v : p) {
            psum += v;
        }
        double[] w = new double[COUNT];
        double expected = 0;
        for (int i = 0; i < COUNT; i++) {
            p[i] /= psum;
            w[i] = 1.0 / ((1 - lambda) * p[i] + lambda / COUNT);
            expected += p[i] * w[i];
        }
        float[] out = new float[COUNT];
        for (int i = 0; i < COUNT; i++) {
            out[i] = (float) (w[i] / expected);
        }
        return out;
    }
}
