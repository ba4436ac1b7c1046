package io.colorstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Against published values: the sRGB standard (IEC 61966-2-1) transfer curve, CIE 15 L*a*b* definitions,
 * and Lab of the sRGB primaries for D65 (as tabulated by Lindbloom's calculator and colormine, with the same
 * matrices: red 53.24/80.09/67.20, green 87.73/−86.18/83.18, blue 32.30/79.19/−107.86).
 */
class ColorSpaceTest {
    private static void assertLab(double l, double a, double b, double[] lab, double tolerance) {
        assertEquals(l, lab[0], tolerance, "L*");
        assertEquals(a, lab[1], tolerance, "a*");
        assertEquals(b, lab[2], tolerance, "b*");
    }

    @Test
    void primariesAndWhiteMatchPublishedLab() {
        assertLab(100, 0, 0, ColorSpace.srgbToLab(255, 255, 255), 0.01);
        assertLab(0, 0, 0, ColorSpace.srgbToLab(0, 0, 0), 1e-9);
        assertLab(53.24, 80.09, 67.20, ColorSpace.srgbToLab(255, 0, 0), 0.01);
        assertLab(87.73, -86.18, 83.18, ColorSpace.srgbToLab(0, 255, 0), 0.01);
        assertLab(32.30, 79.19, -107.86, ColorSpace.srgbToLab(0, 0, 255), 0.01);
    }

    @Test
    void midGrayIsLightnessFiftyAndNeutral() {
        // sRGB 119 → linear 0.1845 → L* 50.03; 118 → 49.64: 119 is the gray nearest L* 50.
        double[] lab = ColorSpace.srgbToLab(119, 119, 119);
        assertEquals(50.0, lab[0], 0.05);
        assertEquals(0.0, lab[1], 1e-3);
        assertEquals(0.0, lab[2], 1e-3);
        assertTrue(ColorSpace.srgbToLab(118, 118, 118)[0] < 50.0);
    }

    @Test
    void srgbTransferCurveMatchesTheStandard() {
        assertEquals(0.214041140, ColorSpace.srgbToLinear(0.5), 1e-9);
        assertEquals(0.735356983, ColorSpace.linearToSrgb(0.5), 1e-9);
        // The two pieces meet at 0.04045 ↔ 0.0031308.
        assertEquals(0.0031308, ColorSpace.srgbToLinear(0.04045), 1e-7);
        assertEquals(0.04045, ColorSpace.linearToSrgb(0.0031308), 1e-6);
        assertEquals(1.0, ColorSpace.srgbToLinear(1.0), 1e-12);
        assertEquals(1.0, ColorSpace.linearToSrgb(1.0), 1e-12);
    }

    @Test
    void cieLightnessDefinition() {
        // L* = 116·(Y/Yn)^(1/3) − 16 above ε = 216/24389, L* = κ·Y/Yn below, κ = 24389/27 ≈ 903.3.
        assertEquals(100.0, ColorSpace.yToL(1.0), 1e-12);
        assertEquals(8.0, ColorSpace.yToL(216.0 / 24389.0), 1e-9); // both pieces give 8 at ε
        assertEquals(0.9033, ColorSpace.yToL(0.001), 1e-4);
        assertEquals(49.496, ColorSpace.yToL(0.18), 1e-3); // the 18 % gray card
        assertEquals(0.18419, ColorSpace.lToY(50.0), 1e-5);
        assertEquals(216.0 / 24389.0, ColorSpace.lToY(8.0), 1e-12);
        for (double l = 0; l <= 100; l += 0.5) {
            assertEquals(l, ColorSpace.yToL(ColorSpace.lToY(l)), 1e-9);
        }
    }

    @Test
    void whitePointAndAxesOfLab() {
        assertArrayEquals(new double[] {ColorSpace.XN, ColorSpace.YN, ColorSpace.ZN},
                ColorSpace.labToXyz(100, 0, 0), 1e-12);
        assertLab(100, 0, 0, ColorSpace.xyzToLab(0.95047, 1.0, 1.08883), 1e-9);
        // a* = 500·(f(X/Xn) − f(Y/Yn)), b* = 200·(f(Y/Yn) − f(Z/Zn)): X at twice the white's share at Y = 1
        double[] lab = ColorSpace.xyzToLab(2 * 0.95047, 1.0, 1.08883);
        assertEquals(500 * (Math.cbrt(2) - 1), lab[1], 1e-9);
        assertEquals(0.0, lab[2], 1e-9);
        // sRGB red's XYZ: Y is the Rec. 709 luminance weight 0.2126
        assertEquals(0.2126, ColorSpace.linearRgbToXyz(1, 0, 0)[1], 1e-4);
    }

    @Test
    void matricesAreInverse() {
        double[] rgb = ColorSpace.xyzToLinearRgb(0.3, 0.5, 0.7);
        assertArrayEquals(new double[] {0.3, 0.5, 0.7}, ColorSpace.linearRgbToXyz(rgb[0], rgb[1], rgb[2]), 1e-6);
    }

    @Test
    void srgbRoundTripsThroughLab() {
        for (int r = 0; r < 256; r += 5) {
            for (int g = 0; g < 256; g += 5) {
                for (int b = 0; b < 256; b += 5) {
                    double[] lab = ColorSpace.srgbToLab(r, g, b);
                    assertArrayEquals(new int[] {r, g, b}, ColorSpace.labToSrgb(lab[0], lab[1], lab[2]),
                            "(" + r + "," + g + "," + b + ")");
                }
            }
        }
    }

    @Test
    void lightnessCodes() {
        for (int c = 0; c < 256; c++) {
            assertEquals(c * 100.0 / 255.0, ColorSpace.lOfCode(c), 1e-4);
            assertEquals(c, ColorSpace.lCode(ColorSpace.lOfCode(c)));
        }
        assertEquals(0, ColorSpace.lCode(-3));
        assertEquals(255, ColorSpace.lCode(101));
        assertEquals(136, ColorSpace.lCodeOfSrgb(255, 0, 0) & 0xFF); // round(53.24·2.55)
    }

    @Test
    void fastLightnessCodeAgreesWithExactWithinOneCode() {
        int worst = 0;
        for (int r = 0; r < 256; r += 3) {
            for (int g = 0; g < 256; g += 3) {
                for (int b = 0; b < 256; b += 3) {
                    int exact = ColorSpace.lCode(ColorSpace.srgbToLab(r, g, b)[0]);
                    int fast = ColorSpace.lCodeOfSrgb(r, g, b) & 0xFF;
                    worst = Math.max(worst, Math.abs(exact - fast));
                }
            }
        }
        assertTrue(worst <= 1, "worst difference " + worst + " codes");
        for (int v = 0; v < 256; v++) {
            assertEquals(ColorSpace.lCode(ColorSpace.srgbToLab(v, v, v)[0]), ColorSpace.lCodeOfGray(v) & 0xFF, 1.0);
        }
    }

    @Test
    void fastLabToBgrAgreesWithExactWithinOneCode() {
        byte[] bgr = new byte[3];
        int worst = 0;
        for (int l = 0; l <= 100; l++) {
            for (int a = -128; a < 128; a += 4) {
                for (int b = -128; b < 128; b += 4) {
                    ColorSpace.labToBgr(l, a, b, bgr, 0);
                    int[] exact = ColorSpace.labToSrgb(l, a, b);
                    worst = Math.max(worst, Math.abs(exact[0] - (bgr[2] & 0xFF)));
                    worst = Math.max(worst, Math.abs(exact[1] - (bgr[1] & 0xFF)));
                    worst = Math.max(worst, Math.abs(exact[2] - (bgr[0] & 0xFF)));
                }
            }
        }
        assertTrue(worst <= 1, "worst difference " + worst + " codes");
    }

    @Test
    void fastLabToBgrKeepsTheNeutralAxisGray() {
        byte[] bgr = new byte[3];
        for (int c = 0; c < 256; c++) {
            ColorSpace.labToBgr(ColorSpace.lOfCode(c), 0, 0, bgr, 0);
            assertEquals(bgr[0], bgr[1], "L code " + c);
            assertEquals(bgr[1], bgr[2], "L code " + c);
            int exact = ColorSpace.labToSrgb(ColorSpace.lOfCode(c), 0, 0)[1];
            assertEquals(exact, bgr[1] & 0xFF, 1.0, "L code " + c);
        }
    }

    @Test
    void theRecombinersLCodePathMatchesLabToBgr() {
        byte[] slow = new byte[3];
        byte[] fast = new byte[3];
        int bytes = 0;
        int differing = 0;
        for (int c = 0; c < 256; c++) {
            for (int a = -100; a <= 100; a += 5) {
                for (int b = -100; b <= 100; b += 5) {
                    ColorSpace.labToBgr(ColorSpace.lOfCode(c), a + 0.3f, b - 0.7f, slow, 0);
                    ColorSpace.lCodeToBgr((byte) c, a + 0.3f, b - 0.7f, fast, 0);
                    for (int k = 0; k < 3; k++) {
                        int d = Math.abs((slow[k] & 0xFF) - (fast[k] & 0xFF));
                        assertTrue(d <= 1, "L code " + c + ", a* " + a + ", b* " + b + ": " + d + " levels apart");
                        differing += d;
                        bytes++;
                    }
                }
            }
            ColorSpace.lCodeToBgr((byte) c, 0, 0, fast, 0);
            ColorSpace.labToBgr(ColorSpace.lOfCode(c), 0, 0, slow, 0);
            assertArrayEquals(slow, fast, "the neutral axis, L code " + c);
        }
        assertTrue(differing < bytes / 1000, differing + " of " + bytes + " bytes one level apart");
    }

    @Test
    void writesAtTheGivenOffsetInBgrOrder() {
        byte[] out = new byte[6];
        ColorSpace.labToBgr(53.2408f, 80.0925f, 67.2032f, out, 3);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, (byte) 255}, out);
    }
}
