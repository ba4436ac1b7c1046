package io.colorstream.encode;

/**
 * Bilinear upsampling of model-size chroma to the frame's full size, pixel-centre aligned: output pixel x samples
 * the source at {@code (x + 0.5)·srcW/dstW − 0.5}, clamped to the edge (as OpenCV's {@code INTER_LINEAR} and
 * TensorFlow's {@code half_pixel_centers}). Chroma comes as interleaved signed bytes a*, b*.
 *
 * <p>Separable: each source row needed is interpolated horizontally once into a cached row, then two cached rows
 * are blended per output row. The index and weight tables depend only on the sizes and are kept between frames,
 * so a film's frames cost no allocation.
 *
 * <p>Not thread-safe: one instance per encoding thread.
 */
public final class ChromaUpsampler {
    private int srcW = -1;
    private int srcH = -1;
    private int dstW = -1;
    private int dstH = -1;
    /** Per output column: left source column, right source column, weight of the right one. */
    private int[] x0;
    private int[] x1;
    private float[] fx;
    /** Per output row: upper source row, lower source row, weight of the lower one. */
    private int[] y0;
    private int[] y1;
    private float[] fy;
    /** Horizontally interpolated a* and b* of two source rows, and which source rows they hold. */
    private float[] rowA0;
    private float[] rowB0;
    private float[] rowA1;
    private float[] rowB1;
    private int row0;
    private int row1;

    /**
     * Upsamples {@code chroma} (srcW·srcH·2 signed bytes, a* then b* per pixel) into {@code aOut} and
     * {@code bOut} (dstW·dstH each, row-major), in units of a* and b*.
     */
    public void upsample(byte[] chroma, int srcW, int srcH, int dstW, int dstH, float[] aOut, float[] bOut) {
        upsampleRows(chroma, srcW, srcH, dstW, dstH, aOut, bOut, 0, dstH);
    }

    /**
     * As {@link #upsample}, output rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) only: bands of
     * one frame can be done by several upsamplers at once.
     */
    public void upsampleRows(byte[] chroma, int srcW, int srcH, int dstW, int dstH, float[] aOut, float[] bOut,
                             int fromRow, int toRow) {
        if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0) {
            throw new IllegalArgumentException("sizes must be positive: chroma " + srcW + "x" + srcH + " → frame "
                    + dstW + "x" + dstH);
        }
        if (chroma.length != srcW * srcH * 2) {
            throw new IllegalArgumentException("chroma of " + srcW + "x" + srcH + " needs " + srcW * srcH * 2
                    + " bytes, got " + chroma.length);
        }
        if (aOut.length < dstW * dstH || bOut.length < dstW * dstH) {
            throw new IllegalArgumentException("output planes must hold " + dstW * dstH + " values");
        }
        if (fromRow < 0 || toRow > dstH || fromRow > toRow) {
            throw new IllegalArgumentException("rows " + fromRow + ".." + toRow + " are not within 0.." + dstH);
        }
        prepare(srcW, srcH, dstW, dstH);
        row0 = -1;
        row1 = -1;
        for (int y = fromRow; y < toRow; y++) {
            int sy0 = y0[y];
            int sy1 = y1[y];
            loadRows(chroma, sy0, sy1);
            float w = fy[y];
            float iw = 1f - w;
            int out = y * dstW;
            if (w == 0f) {
                System.arraycopy(rowA0, 0, aOut, out, dstW);
                System.arraycopy(rowB0, 0, bOut, out, dstW);
            } else {
                for (int x = 0; x < dstW; x++) {
                    aOut[out + x] = rowA0[x] * iw + rowA1[x] * w;
                    bOut[out + x] = rowB0[x] * iw + rowB1[x] * w;
                }
            }
        }
    }

    /** Makes rowX0 hold source row sy0 and rowX1 hold sy1, reusing whichever is already there. */
    private void loadRows(byte[] chroma, int sy0, int sy1) {
        if (row0 == sy0 && row1 == sy1) {
            return;
        }
        if (row1 == sy0) { // moving down one source row: the lower row becomes the upper one
            float[] t = rowA0;
            rowA0 = rowA1;
            rowA1 = t;
            t = rowB0;
            rowB0 = rowB1;
            rowB1 = t;
            row0 = sy0;
            row1 = -1;
        }
        if (row0 != sy0) {
            interpolateRow(chroma, sy0, rowA0, rowB0);
            row0 = sy0;
        }
        if (row1 != sy1) {
            interpolateRow(chroma, sy1, rowA1, rowB1);
            row1 = sy1;
        }
    }

    private void interpolateRow(byte[] chroma, int sy, float[] a, float[] b) {
        int base = sy * srcW * 2;
        for (int x = 0; x < dstW; x++) {
            int i0 = base + 2 * x0[x];
            int i1 = base + 2 * x1[x];
            float w = fx[x];
            float iw = 1f - w;
            a[x] = chroma[i0] * iw + chroma[i1] * w;
            b[x] = chroma[i0 + 1] * iw + chroma[i1 + 1] * w;
        }
    }

    private void prepare(int sw, int sh, int dw, int dh) {
        if (sw == srcW && sh == srcH && dw == dstW && dh == dstH) {
            return;
        }
        x0 = new int[dw];
        x1 = new int[dw];
        fx = new float[dw];
        fillTaps(sw, dw, x0, x1, fx);
        y0 = new int[dh];
        y1 = new int[dh];
        fy = new float[dh];
        fillTaps(sh, dh, y0, y1, fy);
        rowA0 = new float[dw];
        rowB0 = new float[dw];
        rowA1 = new float[dw];
        rowB1 = new float[dw];
        srcW = sw;
        srcH = sh;
        dstW = dw;
        dstH = dh;
    }

    /** Source taps and weights for each destination index, pixel centres aligned, clamped at the edges. */
    static void fillTaps(int src, int dst, int[] lo, int[] hi, float[] weight) {
        double scale = (double) src / dst;
        for (int i = 0; i < dst; i++) {
            double s = (i + 0.5) * scale - 0.5;
            int l = (int) Math.floor(s);
            double w = s - l;
            if (l < 0) {
                l = 0;
                w = 0;
            }
            if (l >= src - 1) {
                l = src - 1;
                w = 0;
            }
            lo[i] = l;
            hi[i] = Math.min(l + 1, src - 1);
            weight[i] = (float) w;
        }
    }
}
