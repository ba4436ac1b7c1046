package io.colorstream.quality;

/**
 * Bilinear resize of interleaved a*, b* chroma from the model's size to the image's.
 * Pixel centres are aligned (sample position (x+½)·src/dst − ½, clamped at the borders), as in
 * {@code tf.image.resize(method="bilinear")} and OpenCV's INTER_LINEAR; the same size copies exactly.
 */
public final class ChromaResize {
    private ChromaResize() {
    }

    /**
     * @param ab interleaved a*, b*, {@code srcWidth·srcHeight·2} floats
     * @return interleaved a*, b*, {@code dstWidth·dstHeight·2} floats
     */
    public static float[] bilinear(float[] ab, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive, got " + srcWidth + "x" + srcHeight
                    + " -> " + dstWidth + "x" + dstHeight);
        }
        if (ab.length != 2L * srcWidth * srcHeight) {
            throw new IllegalArgumentException("chroma must hold " + 2L * srcWidth * srcHeight + " floats for "
                    + srcWidth + "x" + srcHeight + ", got " + ab.length);
        }
        int[] x0 = new int[dstWidth];
        int[] x1 = new int[dstWidth];
        float[] fx = new float[dstWidth];
        axis(srcWidth, dstWidth, x0, x1, fx);
        int[] y0 = new int[dstHeight];
        int[] y1 = new int[dstHeight];
        float[] fy = new float[dstHeight];
        axis(srcHeight, dstHeight, y0, y1, fy);

        float[] out = new float[2 * dstWidth * dstHeight];
        for (int y = 0; y < dstHeight; y++) {
            int r0 = y0[y] * srcWidth;
            int r1 = y1[y] * srcWidth;
            float wy = fy[y];
            for (int x = 0; x < dstWidth; x++) {
                float wx = fx[x];
                int p00 = 2 * (r0 + x0[x]);
                int p01 = 2 * (r0 + x1[x]);
                int p10 = 2 * (r1 + x0[x]);
                int p11 = 2 * (r1 + x1[x]);
                int o = 2 * (y * dstWidth + x);
                for (int c = 0; c < 2; c++) {
                    float top = ab[p00 + c] + wx * (ab[p01 + c] - ab[p00 + c]);
                    float bottom = ab[p10 + c] + wx * (ab[p11 + c] - ab[p10 + c]);
                    out[o + c] = top + wy * (bottom - top);
                }
            }
        }
        return out;
    }

    private static void axis(int src, int dst, int[] i0, int[] i1, float[] frac) {
        double scale = (double) src / dst;
        for (int i = 0; i < dst; i++) {
            double s = Math.max(0, Math.min(src - 1, (i + 0.5) * scale - 0.5));
            int lo = (int) s;
            i0[i] = lo;
            i1[i] = Math.min(src - 1, lo + 1);
            frac[i] = (float) (s - lo);
        }
    }
}
