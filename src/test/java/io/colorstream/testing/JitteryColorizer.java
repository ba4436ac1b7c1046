package io.colorstream.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * A model that cannot make up its mind: a fixed colourful chroma pattern plus random jitter, as a real model's
 * chroma wobbles between near-identical frames. Deterministic: the jitter is seeded by the luminance and by a
 * per-instance call count, so two instances given the same frames in the same order say the same things.
 */
public final class JitteryColorizer extends FixedSizeColorizer {
    private final float jitter;
    private int calls;

    /** @param jitter largest deviation of a* and b* from the pattern, per pixel and frame */
    public JitteryColorizer(int width, int height, float jitter) {
        super(width, height);
        this.jitter = jitter;
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        Random random = new Random(31L * Arrays.hashCode(luma) + calls++);
        float[] ab = new float[2 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = 2 * (y * width + x);
                ab[o] = 40f * x / width - 20f + jitter * (2 * random.nextFloat() - 1);
                ab[o + 1] = 30f * y / height - 10f + jitter * (2 * random.nextFloat() - 1);
            }
        }
        return ab;
    }
}
