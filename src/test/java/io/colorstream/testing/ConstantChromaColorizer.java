package io.colorstream.testing;

import java.util.Arrays;

/** A deterministic colorizer: the same a*, b* everywhere, at a fixed model size. Counts its calls. */
public final class ConstantChromaColorizer extends FixedSizeColorizer {
    private final float a;
    private final float b;
    private int calls;
    private byte[] lastLuma;
    private boolean closed;
    private final java.util.List<int[]> warmUps = new java.util.ArrayList<>();
    private RuntimeException warmUpFailure;

    public ConstantChromaColorizer(int width, int height, float a, float b) {
        super(width, height);
        this.a = a;
        this.b = b;
    }

    /** Zero chroma: every output is gray. */
    public static ConstantChromaColorizer gray(int width, int height) {
        return new ConstantChromaColorizer(width, height, 0f, 0f);
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        checkLuma(luma, lumaWidth, lumaHeight);
        calls++;
        lastLuma = luma.clone();
        return uniformPlane(width, height, a, b);
    }

    /** Records each warm-up's batch sizes, or fails it with {@link #failWarmUpWith}'s error. */
    @Override
    public void warmUp(int... batchSizes) {
        if (warmUpFailure != null) {
            throw warmUpFailure;
        }
        warmUps.add(batchSizes.clone());
    }

    /** The batch sizes of each warm-up, in order. */
    public java.util.List<int[]> warmUps() {
        return warmUps;
    }

    /** Makes {@link #warmUp} fail with {@code e} (a model that cannot run at all); returns this. */
    public ConstantChromaColorizer failWarmUpWith(RuntimeException e) {
        this.warmUpFailure = e;
        return this;
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
