package io.colorstream.testing;

import io.colorstream.model.ColorSpace;

/**
 * A colorizer that "knows" one image: whatever luminance it is given, it returns that image's exact a*, b*
 * (at the image's own size). Colorizing the gray version of that image should then give it back, up to the
 * 8-bit quantization of L.
 */
public final class TrueChromaColorizer extends FixedSizeColorizer {
    private final float[] ab;

    /** @param rgb interleaved 8-bit R, G, B of the known image */
    public TrueChromaColorizer(int width, int height, byte[] rgb) {
        super(width, height);
        this.ab = new float[2 * width * height];
        for (int i = 0; i < width * height; i++) {
            double[] lab = ColorSpace.srgbToLab(rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF, rgb[3 * i + 2] & 0xFF);
            ab[2 * i] = (float) lab[1];
            ab[2 * i + 1] = (float) lab[2];
        }
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        return ab.clone();
    }
}
