package io.colorstream.model;

/**
 * Scales another colorizer's chroma by a constant factor: more or less colour for the whole film, without
 * retraining or re-exporting (a studio's grading choice; also how the read-out is tuned, see the model card).
 * Hue is untouched; a factor of 0 gives gray.
 */
public final class SaturatedColorizer implements Colorizer {
    private final Colorizer inner;
    private final float factor;

    public SaturatedColorizer(Colorizer inner, double factor) {
        if (!(factor >= 0 && factor <= 4)) {
            throw new IllegalArgumentException("saturation must be between 0 and 4, got " + factor);
        }
        this.inner = inner;
        this.factor = (float) factor;
    }

    @Override
    public int width() {
        return inner.width();
    }

    @Override
    public int height() {
        return inner.height();
    }

    @Override
    public float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight) {
        float[][] out = inner.colorizeBatch(lumas, lumaWidth, lumaHeight);
        for (int i = 0; i < out.length; i++) {
            out[i] = scale(out[i], factor);
        }
        return out;
    }

    @Override
    public float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight, float[][] shrunk) {
        float[][] out = inner.colorizeBatch(lumas, lumaWidth, lumaHeight, shrunk);
        for (int i = 0; i < out.length; i++) {
            out[i] = scale(out[i], factor);
        }
        return out;
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        return scale(inner.colorize(luma, lumaWidth, lumaHeight), factor);
    }

    /** Scales {@code ab} in place by {@code factor}, clamped to the wire's range; returns it. */
    public static float[] scale(float[] ab, float factor) {
        for (int i = 0; i < ab.length; i++) {
            ab[i] = Math.max(-128f, Math.min(127f, ab[i] * factor));
        }
        return ab;
    }

    @Override
    public void warmUp(int... batchSizes) {
        inner.warmUp(batchSizes);
    }

    @Override
    public void close() {
        inner.close();
    }
}
