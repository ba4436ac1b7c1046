package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.ColorFrame;
import org.junit.jupiter.api.Test;

class FrameRecombinerTest {

    @Test
    void grayLuminanceWithoutChromaGivesGrayThatKeepsItsL() {
        int n = 256;
        byte[] luma = new byte[n];
        for (int v = 0; v < n; v++) {
            luma[v] = (byte) ColorSpace.lCode(ColorSpace.srgbToLab(v, v, v)[0]);
        }
        byte[] bgr = new byte[3 * n];
        FrameRecombiner.recombine(luma, new float[n], new float[n], n, bgr);
        for (int v = 0; v < n; v++) {
            int bl = bgr[3 * v] & 0xFF;
            int g = bgr[3 * v + 1] & 0xFF;
            int r = bgr[3 * v + 2] & 0xFF;
            assertEquals(r, g, "gray " + v);
            assertEquals(r, bl, "gray " + v);
            int codeBack = ColorSpace.lCode(ColorSpace.srgbToLab(r, g, bl)[0]);
            assertEquals(luma[v] & 0xFF, codeBack, 1, "L code of gray " + v + " comes back as " + r);
        }
    }

    @Test
    void publishedLabValuesGiveTheirSrgb() {
        // CIELAB (D65) of the sRGB primaries and secondaries, as published (e.g. Lindbloom's calculator).
        double[][] labRgb = {
            {53.2408, 80.0925, 67.2032, 255, 0, 0},
            {87.7347, -86.1827, 83.1793, 0, 255, 0},
            {32.2970, 79.1875, -107.8602, 0, 0, 255},
            {97.1393, -21.5537, 94.4780, 255, 255, 0},
            {91.1132, -48.0875, -14.1312, 0, 255, 255},
            {60.3242, 98.2343, -60.8249, 255, 0, 255},
            {100.0, 0.0, 0.0, 255, 255, 255},
        };
        for (double[] c : labRgb) {
            String what = "Lab(" + c[0] + ", " + c[1] + ", " + c[2] + ")";
            // The per-pixel conversion the recombiner runs, at the exact L*:
            byte[] exact = new byte[3];
            ColorSpace.labToBgr((float) c[0], (float) c[1], (float) c[2], exact, 0);
            assertEquals(c[3], exact[2] & 0xFF, 1, "R of " + what);
            assertEquals(c[4], exact[1] & 0xFF, 1, "G of " + what);
            assertEquals(c[5], exact[0] & 0xFF, 1, "B of " + what);
            // Through the recombiner, L* travels as an 8-bit code (steps of 0.39), which moves a channel at the
            // steep dark end of the sRGB curve by up to ~2 codes.
            byte[] luma = {(byte) ColorSpace.lCode(c[0])};
            byte[] bgr = new byte[3];
            FrameRecombiner.recombine(luma, new float[] {(float) c[1]}, new float[] {(float) c[2]}, 1, bgr);
            assertEquals(c[3], bgr[2] & 0xFF, 3, "R of " + what + " from its L code");
            assertEquals(c[4], bgr[1] & 0xFF, 3, "G of " + what + " from its L code");
            assertEquals(c[5], bgr[0] & 0xFF, 3, "B of " + what + " from its L code");
        }
    }

    @Test
    void aWholeFrameUsesItsOwnLuminanceAndUpsampledChroma() {
        int w = 40;
        int h = 30;
        byte[] luma = new byte[w * h];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) (i % 2 == 0 ? 100 : 200); // full-resolution detail the chroma does not have
        }
        byte[] chroma = new byte[4 * 3 * 2];
        for (int i = 0; i < 12; i++) {
            chroma[2 * i] = 30;
            chroma[2 * i + 1] = -20;
        }
        ColorFrame f = new ColorFrame("v", 0, 0, 0, w, h, luma, 4, 3, chroma);
        FrameRecombiner recombiner = new FrameRecombiner();
        byte[] bgr = recombiner.toBgr(f);
        assertEquals(w * h * 3, bgr.length);
        for (int i = 0; i < w * h; i++) {
            int[] want = ColorSpace.labToSrgb(ColorSpace.lOfCode(luma[i]), 30, -20);
            assertEquals(want[0], bgr[3 * i + 2] & 0xFF, 1);
            assertEquals(want[1], bgr[3 * i + 1] & 0xFF, 1);
            assertEquals(want[2], bgr[3 * i] & 0xFF, 1);
        }
        assertTrue((bgr[2] & 0xFF) != (bgr[5] & 0xFF), "neighbouring pixels keep their own L");
        assertTrue(bgr == recombiner.toBgr(f), "the buffer is reused from frame to frame");
    }

    @Test
    void aFrameDoneInBandsAtOnceIsTheFrameDoneInOnePiece() {
        int w = 641;
        int h = 361; // odd, and large enough to be split: bands end mid-way between chroma rows
        java.util.Random r = new java.util.Random(3);
        byte[] luma = new byte[w * h];
        r.nextBytes(luma);
        byte[] chroma = new byte[60 * 34 * 2];
        r.nextBytes(chroma);
        ColorFrame f = new ColorFrame("v", 0, 0, 0, w, h, luma, 60, 34, chroma);
        byte[] whole = new FrameRecombiner(1).toBgr(f).clone();
        for (int bands : new int[] {2, 3, 7}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(whole, new FrameRecombiner(bands).toBgr(f),
                    bands + " bands");
        }
    }
}
