package io.colorstream.quality;

import io.colorstream.model.ColorSpace;

/**
 * CIELAB planes of an image, row-major, {@code width·height} floats each: L* in [0, 100], a*, b* roughly
 * [-128, 127].
 */
public record LabImage(int width, int height, float[] l, float[] a, float[] b) {
    /** sRGB 8-bit → linear, from the reference conversion: the per-pixel work then needs no pow. */
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR[i] = ColorSpace.srgbToLinear(i / 255.0);
        }
    }

    public LabImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        int n = width * height;
        if (l == null || a == null || b == null || l.length != n || a.length != n || b.length != n) {
            throw new IllegalArgumentException("L, a and b planes must hold " + n + " floats each for "
                    + width + "x" + height);
        }
    }

    /**
     * Exact conversion, the same arithmetic as {@link ColorSpace#srgbToLab} (its linearization taken from a
     * 256-entry table of that same function), so results match it bit for bit. About 20 ns a pixel.
     */
    public static LabImage fromRgb(RgbImage image) {
        int n = image.pixelCount();
        byte[] rgb = image.rgb();
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0, o = 0; i < n; i++, o += 3) {
            double[] xyz = ColorSpace.linearRgbToXyz(LINEAR[rgb[o] & 0xFF], LINEAR[rgb[o + 1] & 0xFF],
                    LINEAR[rgb[o + 2] & 0xFF]);
            double[] lab = ColorSpace.xyzToLab(xyz[0], xyz[1], xyz[2]);
            l[i] = (float) lab[0];
            a[i] = (float) lab[1];
            b[i] = (float) lab[2];
        }
        return new LabImage(image.width(), image.height(), l, a, b);
    }

    public int pixelCount() {
        return width * height;
    }
}
