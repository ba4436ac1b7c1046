package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {
    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(256);
        }
        return v;
    }

    private static float[] constant(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    @Test
    void identicalIsOne() {
        float[] x = random(20 * 15, 1);
        assertEquals(1.0, Ssim.of(x, x.clone(), 20, 15), 1e-12);
    }

    @Test
    void constantImagesGiveTheLuminanceTermOnly() {
        // μx = 100, μy = 110, σ = 0: SSIM = (2·100·110 + C1)/(100² + 110² + C1) · (C2/C2), C1 = (0.01·255)²
        double c1 = 6.5025;
        double expected = (22000 + c1) / (10000 + 12100 + c1);
        assertEquals(expected, Ssim.of(constant(144, 100), constant(144, 110), 12, 12), 1e-12);
    }

    @Test
    void isSymmetricAndAtMostOne() {
        float[] x = random(17 * 13, 2);
        float[] y = random(17 * 13, 3);
        double s = Ssim.of(x, y, 17, 13);
        assertEquals(s, Ssim.of(y, x, 17, 13), 1e-12);
        assertTrue(s < 0.2, "independent noise should be dissimilar, got " + s);
    }

    @Test
    void matchesAPlainTwoDimensionalWindowOverTheValidRegion() {
        int w = 13, h = 12;
        float[] x = random(w * h, 4);
        float[] y = x.clone();
        Random r = new Random(5);
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, Math.min(255, y[i] + r.nextInt(41) - 20));
        }
        // Reference: 11×11 weights exp(−(dx²+dy²)/(2·1.5²)) normalized, at each of the 3×2 valid positions.
        double[][] k = new double[11][11];
        double sum = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                k[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / 4.5);
                sum += k[i][j];
            }
        }
        double c1 = 6.5025, c2 = 58.5225, total = 0;
        for (int oy = 0; oy + 11 <= h; oy++) {
            for (int ox = 0; ox + 11 <= w; ox++) {
                double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double wt = k[i][j] / sum;
                        double px = x[(oy + i) * w + ox + j], py = y[(oy + i) * w + ox + j];
                        mx += wt * px;
                        my += wt * py;
                        sxx += wt * px * px;
                        syy += wt * py * py;
                        sxy += wt * px * py;
                    }
                }
                double vx = sxx - mx * mx, vy = syy - my * my, cxy = sxy - mx * my;
                total += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        }
        assertEquals(total / 6, Ssim.of(x, y, w, h), 1e-9);
    }

    @Test
    void borderPixelsOutsideTheValidRegionStillCountThroughTheirWindows() {
        // A change in a corner pixel lies inside the first valid window, so SSIM must drop below 1.
        float[] x = constant(11 * 11, 128);
        float[] y = x.clone();
        y[0] = 0;
        assertTrue(Ssim.of(x, y, 11, 11) < 1.0);
    }

    @Test
    void tooSmallImagesAreRejectedNamingTheWindow() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ssim.of(new float[110], new float[110], 10, 11));
        assertTrue(e.getMessage().contains("11x11") && e.getMessage().contains("10x11"), e.getMessage());
    }

    @Test
    void kernelIsANormalizedSymmetricGaussian() {
        double[] k = Ssim.kernel();
        assertEquals(11, k.length);
        assertEquals(1.0, Arrays.stream(k).sum(), 1e-12);
        for (int i = 0; i < 5; i++) {
            assertEquals(k[i], k[10 - i], 1e-15);
            assertTrue(k[i] < k[i + 1]);
        }
        assertEquals(Math.exp(-1 / 4.5), k[6] / k[5], 1e-12); // neighbour ratio at σ = 1.5
    }

    @Test
    void lightnessIgnoresChromaAndRgbDoesNot() {
        // A uniform red and its gray twin share L* (up to the 8-bit L code) but not R, G, B.
        RgbImage red = RgbImage.filled(12, 12, 200, 40, 40);
        LabImage lab = LabImage.fromRgb(red);
        RgbImage gray = ImageColorizer.gray(red);
        assertEquals(1.0, Ssim.lightness(lab, lab), 1e-12);
        assertTrue(Ssim.lightness(gray, red) > 0.999, "same L* up to 8-bit codes");
        assertTrue(Ssim.rgb(gray, red) < 0.95, "channels differ");
    }
}
