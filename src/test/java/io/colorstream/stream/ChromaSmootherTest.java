package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChromaSmootherTest {
    private static final float EPS = 1e-5f;
    /** keep 0.6 of the past; blending gone at ΔL* = 6 */
    private final ChromaSmoother smoother = new ChromaSmoother(new SmoothingSettings(true, 0.6f, 6f));

    @Test
    void stillPixelsKeepTheWeightOfThePast() {
        float[] out = smoother.smooth(new float[] {10f, -20f}, new float[] {50f},
                new float[] {20f, 0f}, new float[] {50f});
        // 0.6·10 + 0.4·20 = 14; 0.6·(−20) + 0.4·0 = −12
        assertArrayEquals(new float[] {14f, -12f}, out, EPS);
    }

    @Test
    void blendingFadesWithTheChangeOfLuminance() {
        float[] previousAb = {10f, 10f, 10f, 10f, 10f, 10f, 10f, 10f};
        float[] previousL = {50f, 50f, 50f, 50f};
        float[] currentAb = {20f, 20f, 20f, 20f, 20f, 20f, 20f, 20f};
        // ΔL* = 1.5, 3, 6, 9 → t = 0.25, 0.5, 1, 1
        float[] currentL = {51.5f, 47f, 56f, 41f};
        float[] out = smoother.smooth(previousAb, previousL, currentAb, currentL);
        // t = 0.25: smoothstep = 0.0625·2.5 = 0.15625, keep = 0.6·0.84375 = 0.50625 → 5.0625 + 9.875 = 14.9375
        // t = 0.5:  smoothstep = 0.5, keep = 0.3 → 3 + 14 = 17
        // t ≥ 1:    keep = 0 → the new chroma as is
        assertArrayEquals(new float[] {14.9375f, 14.9375f, 17f, 17f, 20f, 20f, 20f, 20f}, out, EPS);
    }

    @Test
    void aAndBOfAPixelShareItsKeepButPixelsAreIndependent() {
        float[] out = smoother.smooth(new float[] {0f, 100f, 0f, 100f}, new float[] {30f, 30f},
                new float[] {50f, 0f, 50f, 0f}, new float[] {30f, 90f});
        // pixel 0 still: a = 0.4·50 = 20, b = 0.6·100 = 60; pixel 1 changed a lot: new values
        assertArrayEquals(new float[] {20f, 60f, 50f, 0f}, out, EPS);
    }

    @Test
    void disabledPassesTheModelThrough() {
        ChromaSmoother off = new ChromaSmoother(SmoothingSettings.OFF);
        float[] current = {20f, -7f};
        assertArrayEquals(current, off.smooth(new float[] {10f, 10f}, new float[] {50f}, current,
                new float[] {50f}), 0f);
    }

    @Test
    void weightZeroIsNoSmoothingAtAll() {
        ChromaSmoother none = new ChromaSmoother(new SmoothingSettings(true, 0f, 6f));
        assertArrayEquals(new float[] {20f, -7f}, none.smooth(new float[] {10f, 10f}, new float[] {50f},
                new float[] {20f, -7f}, new float[] {50f}), 0f);
    }

    @Test
    void canWriteOverTheCurrentChroma() {
        float[] current = {20f, 0f};
        smoother.smooth(new float[] {10f, -20f}, new float[] {50f}, current, new float[] {50f}, current);
        assertArrayEquals(new float[] {14f, -12f}, current, EPS);
    }

    @Test
    void mismatchedSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smoother.smooth(
                new float[4], new float[2], new float[2], new float[1]));
        assertEquals(true, e.getMessage().contains("previous ab 4"), e.getMessage());
    }

    @Test
    void settingsRefuseWeightsThatWouldFreezeOrInvertColour() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothingSettings(true, 1f, 6f));
        assertThrows(IllegalArgumentException.class, () -> new SmoothingSettings(true, -0.1f, 6f));
        assertThrows(IllegalArgumentException.class, () -> new SmoothingSettings(true, Float.NaN, 6f));
        assertThrows(IllegalArgumentException.class, () -> new SmoothingSettings(true, 0.5f, 0f));
    }
}
