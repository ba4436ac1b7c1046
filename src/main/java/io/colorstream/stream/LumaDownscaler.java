package io.colorstream.stream;

import io.colorstream.model.ColorSpace;
import java.util.Arrays;

/**
 * Shrinks a frame's luminance to the model's size by area averaging: each small pixel is the mean L* of the
 * source area it covers, partial source pixels weighted by the part covered. That is what the eye compares when
 * asking "did this region change?", and it averages film grain away before the smoother looks at ΔL*.
 *
 * <p>Separable: per output row, the covered source rows are summed column-weighted into a reused buffer. The
 * weights depend only on the sizes, so they are computed once per size pair and kept. Not thread-safe: one
 * instance per processor.
 *
 * <p>Public so that {@code quality.VideoEvaluation} smooths exactly as the topology does.
 */
public final class LumaDownscaler {
    private Axis columns;
    private Axis rows;
    private float[] rowSums = new float[0];

    /**
     * @param luma L* codes, width·height bytes
     * @param out  outWidth·outHeight floats, filled with L*
     * @return {@code out}
     */
    public float[] downscale(byte[] luma, int width, int height, int outWidth, int outHeight, float[] out) {
        if (luma.length != width * height) {
            throw new IllegalArgumentException("luma of " + luma.length + " bytes is not " + width + "x" + height);
        }
        if (out.length != outWidth * outHeight) {
            throw new IllegalArgumentException("output of " + out.length + " floats is not " + outWidth + "x"
                    + outHeight);
        }
        if (columns == null || columns.sourceSize != width || columns.targetSize != outWidth) {
            columns = new Axis(width, outWidth);
        }
        if (rows == null || rows.sourceSize != height || rows.targetSize != outHeight) {
            rows = new Axis(height, outHeight);
        }
        if (rowSums.length != outWidth) {
            rowSums = new float[outWidth];
        }
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(rowSums, 0f);
            int rowFirst = rows.first[y];
            int rowEnd = rowFirst + rows.count[y];
            for (int r = rowFirst, rw = rows.weightStart[y]; r < rowEnd; r++, rw++) {
                float rowWeight = rows.weights[rw];
                int base = r * width;
                for (int x = 0; x < outWidth; x++) {
                    int colFirst = columns.first[x];
                    int colEnd = colFirst + columns.count[x];
                    float sum = 0f;
                    for (int c = colFirst, cw = columns.weightStart[x]; c < colEnd; c++, cw++) {
                        sum += columns.weights[cw] * ColorSpace.lOfCode(luma[base + c]);
                    }
                    rowSums[x] += rowWeight * sum;
                }
            }
            int o = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                out[o + x] = rowSums[x];
            }
        }
        return out;
    }

    /** Which source pixels each target pixel covers along one axis, and which share of it each one is. */
    private static final class Axis {
        final int sourceSize;
        final int targetSize;
        final int[] first;
        final int[] count;
        final int[] weightStart;
        final float[] weights;

        Axis(int sourceSize, int targetSize) {
            if (sourceSize <= 0 || targetSize <= 0) {
                throw new IllegalArgumentException("sizes must be positive, got " + sourceSize + " → " + targetSize);
            }
            this.sourceSize = sourceSize;
            this.targetSize = targetSize;
            double scale = (double) sourceSize / targetSize;
            first = new int[targetSize];
            count = new int[targetSize];
            weightStart = new int[targetSize];
            float[] w = new float[targetSize * ((int) Math.ceil(scale) + 2)];
            int k = 0;
            for (int t = 0; t < targetSize; t++) {
                double start = t * scale;
                double end = Math.min(sourceSize, (t + 1) * scale);
                int lo = (int) Math.floor(start);
                int hi = Math.min(sourceSize, (int) Math.ceil(end));
                first[t] = lo;
                weightStart[t] = k;
                for (int s = lo; s < hi; s++) {
                    double covered = Math.min(end, s + 1) - Math.max(start, s);
                    if (covered > 1e-9) {
                        w[k++] = (float) covered;
                    } else if (s == lo) {
                        first[t] = lo + 1; // a sliver from rounding: skip it rather than weigh it by zero
                    }
                }
                count[t] = k - weightStart[t];
                double total = 0;
                for (int i = weightStart[t]; i < k; i++) {
                    total += w[i];
                }
                for (int i = weightStart[t]; i < k; i++) {
                    w[i] = (float) (w[i] / total); // normalized here, so the pixel loop only multiplies and adds
                }
            }
            weights = Arrays.copyOf(w, k);
        }
    }
}
