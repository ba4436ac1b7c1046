package io.colorstream.testing;

import java.util.Random;

/** Small synthetic colour images for tests: interleaved 8-bit R, G, B. */
public final class TestImages {
    private TestImages() {
    }

    /** Smooth colour gradients plus a little seeded noise: varied chroma, no flat regions. */
    public static byte[] gradient(int width, int height, long seed) {
        Random random = new Random(seed);
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = 3 * (y * width + x);
                rgb[o] = (byte) clamp(255.0 * x / Math.max(1, width - 1) + random.nextGaussian() * 4);
                rgb[o + 1] = (byte) clamp(255.0 * y / Math.max(1, height - 1) + random.nextGaussian() * 4);
                rgb[o + 2] = (byte) clamp(128 + 100 * Math.sin((x + y) / 7.0) + random.nextGaussian() * 4);
            }
        }
        return rgb;
    }

    /** Uniform random pixels. */
    public static byte[] noise(int width, int height, long seed) {
        byte[] rgb = new byte[3 * width * height];
        new Random(seed).nextBytes(rgb);
        return rgb;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
