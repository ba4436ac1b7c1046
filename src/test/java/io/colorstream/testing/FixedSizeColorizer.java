package io.colorstream.testing;

import io.colorstream.model.Colorizer;

/**
 * What every stand-in model shares: a fixed native size, a luminance plane checked against its stated size, and
 * nothing to release on close (subclasses that care about closing override it).
 */
abstract class FixedSizeColorizer implements Colorizer {
    protected final int width;
    protected final int height;

    protected FixedSizeColorizer(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final int height() {
        return height;
    }

    /** Fails as a real model would when the plane does not match its stated size. */
    protected static void checkLuma(byte[] luma, int lumaWidth, int lumaHeight) {
        if (luma.length != lumaWidth * lumaHeight) {
            throw new IllegalArgumentException("luma length " + luma.length + " != " + lumaWidth + "x" + lumaHeight);
        }
    }

    /** A fresh width·height·2 plane with (a, b) at every pixel. */
    protected static float[] uniformPlane(int width, int height, float a, float b) {
        float[] plane = new float[width * height * 2];
        for (int i = 0; i < plane.length; i += 2) {
            plane[i] = a;
            plane[i + 1] = b;
        }
        return plane;
    }

    @Override
    public void close() {
    }
}
