package io.colorstream.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the model in topology and processor tests: returns scripted chroma planes in turn (cycling),
 * whatever the luminance, so a test knows exactly what the model "said" for each frame. The real SavedModel
 * is exercised by the lead's integration test; these tests are about what the topology does with chroma.
 */
public final class ScriptedColorizer extends FixedSizeColorizer {
    private final List<float[]> planes;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int lastLumaWidth;
    private volatile int lastLumaHeight;

    /** @param planes each width·height·2 floats, a*, b* interleaved */
    public ScriptedColorizer(int width, int height, List<float[]> planes) {
        super(width, height);
        this.planes = checked(width, height, planes);
    }

    private static List<float[]> checked(int width, int height, List<float[]> planes) {
        if (planes.isEmpty()) {
            throw new IllegalArgumentException("script at least one chroma plane");
        }
        for (float[] p : planes) {
            if (p.length != width * height * 2) {
                throw new IllegalArgumentException("a " + width + "x" + height + " plane has "
                        + width * height * 2 + " floats, got " + p.length);
            }
        }
        return List.copyOf(planes);
    }

    /** Every pixel (a, b), every frame. */
    public static ScriptedColorizer constant(int width, int height, float a, float b) {
        return new ScriptedColorizer(width, height, List.of(uniform(width, height, a, b)));
    }

    /** Frames alternate between uniform (a1, b1) and uniform (a2, b2), starting with the first. */
    public static ScriptedColorizer alternating(int width, int height, float a1, float b1, float a2, float b2) {
        return new ScriptedColorizer(width, height,
                List.of(uniform(width, height, a1, b1), uniform(width, height, a2, b2)));
    }

    /** One plane, every frame: the given a*, b* pairs in pixel order. */
    public static ScriptedColorizer ofPixels(int width, int height, float... ab) {
        return new ScriptedColorizer(width, height, List.of(ab.clone()));
    }

    public static float[] uniform(int width, int height, float a, float b) {
        return uniformPlane(width, height, a, b);
    }

    /** The plane returned for the n-th call (0-based). */
    public float[] plane(int call) {
        return planes.get(call % planes.size()).clone();
    }

    public int calls() {
        return calls.get();
    }

    public int lastLumaWidth() {
        return lastLumaWidth;
    }

    public int lastLumaHeight() {
        return lastLumaHeight;
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        checkLuma(luma, lumaWidth, lumaHeight);
        lastLumaWidth = lumaWidth;
        lastLumaHeight = lumaHeight;
        // A fresh array each call, as a real model returns: callers may not rely on it being reused or not.
        return plane(calls.getAndIncrement());
    }

    @Override
    public String toString() {
        List<String> firsts = new ArrayList<>();
        for (float[] p : planes) {
            firsts.add(Arrays.toString(Arrays.copyOf(p, 2)));
        }
        return "ScriptedColorizer " + width + "x" + height + " " + firsts;
    }
}
