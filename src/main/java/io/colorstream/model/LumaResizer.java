package io.colorstream.model;

/**
 * Resizes a plane of L codes to the model's input size as L* / 100 floats. Area averaging when shrinking (every
 * source pixel counts, so film grain averages out instead of aliasing), bilinear when growing.
 */
public final class LumaResizer {
    private LumaResizer() {
    }

    /** Writes dstW·dstH values of L* / 100 into {@code dst} starting at {@code offset}. */
    public static void toModelInput(byte[] luma, int srcW, int srcH, float[] dst, int offset, int dstW, int dstH) {
        if (luma.length < srcW * srcH) {
            throw new IllegalArgumentException("luma holds " + luma.length + " bytes, " + srcW + "x" + srcH
                    + " needs " + srcW * srcH);
        }
        final float scale = 1f / 255f; // code/255 == L* / 100
        if (srcW >= dstW && srcH >= dstH) {
            area(luma, srcW, srcH, dst, offset, dstW, dstH, scale);
        } else {
            bilinear(luma, srcW, srcH, dst, offset, dstW, dstH, scale);
        }
    }

    private static void area(byte[] src, int sw, int sh, float[] dst, int off, int dw, int dh, float scale) {
        // Integer box bounds per output pixel: exact for integer ratios, a close box filter otherwise.
        for (int y = 0; y < dh; y++) {
            int y0 = (int) ((long) y * sh / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int x0 = (int) ((long) x * sw / dw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / dw));
                int sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = yy * sw;
                    for (int xx = x0; xx < x1; xx++) {
                        sum += src[row + xx] & 0xFF;
                    }
                }
                dst[off + y * dw + x] = sum * scale / ((y1 - y0) * (x1 - x0));
            }
        }
    }

    private static void bilinear(byte[] src, int sw, int sh, float[] dst, int off, int dw, int dh, float scale) {
        float sx = (float) sw / dw;
        float sy = (float) sh / dh;
        for (int y = 0; y < dh; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float wy = fy - y0;
            for (int x = 0; x < dw; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                float wx = fx - x0;
                float top = (src[y0 * sw + x0] & 0xFF) * (1 - wx) + (src[y0 * sw + x1] & 0xFF) * wx;
                float bottom = (src[y1 * sw + x0] & 0xFF) * (1 - wx) + (src[y1 * sw + x1] & 0xFF) * wx;
                dst[off + y * dw + x] = (top * (1 - wy) + bottom * wy) * scale;
            }
        }
    }
}
