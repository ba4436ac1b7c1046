package io.colorstream.testing;

import io.colorstream.model.Colorizer;
import java.util.Arrays;

/** A deterministic colorizer: the same a*, b* everywhere, at a fixed model size. Counts its calls. */
public final class ConstantChromaColorizer implements Colorizer {
    private final int width;
    private final int height;
    private final float a;
    private final float b;
    private int calls;
    private byte[] lastLuma;
    private boolean closed;

    public ConstantChromaColorizer(int width, int height, float a, float b) {
        this.width = width;
        this.height = height;
        this.a = a;
        this.b = b;
    }

    /** Zero chroma: every output is gray. */
    public static ConstantChromaColorizer gray(int width, int height) {
        return new ConstantChromaColorizer(width, height, 0f, 0f);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        if (luma.length != lumaWidth * lumaHeight) {
            throw new IllegalArgumentException("luma length " + luma.length + " != " + lumaWidth + "x" + lumaHeight);
        }
        calls++;
        lastLuma = luma.clone();
        float[] ab = new float[2 * width * height];
        for (int i = 0; i < ab.length; i += 2) {
            ab[i] = a;
            ab[i + 1] = b;
        }
        return ab;
    }

    public int calls() {
        return calls;
    }

    /** The luminance codes of the last call, or null. */
    public byte[] lastLuma() {
        return lastLuma;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ConstantChromaColorizer" + Arrays.toString(new float[] {a, b});
    }
}
