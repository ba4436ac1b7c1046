package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChromaResizeTest {
    @Test
    void sameSizeCopiesExactly() {
        float[] ab = {1.5f, -2, 3, 4, 5, 6, -7.25f, 8, 9, 10, 11, 12};
        assertArrayEquals(ab, ChromaResize.bilinear(ab, 3, 2, 3, 2));
    }

    @Test
    void pixelCentresAreAlignedAndBordersClamped() {
        // a: 0, 10 → positions (x+½)/2 − ½ = −¼, ¼, ¾, 1¼ → 0 (clamped), 2.5, 7.5, 10 (clamped)
        // b: 100, 50 → 100, 87.5, 62.5, 50
        float[] out = ChromaResize.bilinear(new float[] {0, 100, 10, 50}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 100, 2.5f, 87.5f, 7.5f, 62.5f, 10, 50}, out, 1e-5f);
    }

    @Test
    void twoByTwoToFourByFourMixesBothAxes() {
        // a at corners 0, 4 / 8, 12 (b = −a): output (1,1) samples (¼, ¼): 0 + ¼·4 + ¼·8 = 3
        float[] src = {0, 0, 4, -4, 8, -8, 12, -12};
        float[] out = ChromaResize.bilinear(src, 2, 2, 4, 4);
        assertEquals(3f, out[2 * (4 + 1)], 1e-5f);
        assertEquals(-3f, out[2 * (4 + 1) + 1], 1e-5f);
        assertEquals(0f, out[0], 0f);
        assertEquals(12f, out[2 * 15], 0f);
        // (2,1) samples (¾, ¼): 0 + ¾·4 + ¼·8 = 5
        assertEquals(5f, out[2 * (4 + 2)], 1e-5f);
    }

    @Test
    void oneSamplePaintsEverything() {
        float[] out = ChromaResize.bilinear(new float[] {7, -3}, 1, 1, 3, 2);
        for (int i = 0; i < out.length; i += 2) {
            assertEquals(7f, out[i]);
            assertEquals(-3f, out[i + 1]);
        }
    }

    @Test
    void wrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ChromaResize.bilinear(new float[5], 2, 1, 4, 4));
    }
}
