package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChromaUpsamplerTest {
    private final ChromaUpsampler upsampler = new ChromaUpsampler();

    @Test
    void constantChromaStaysConstant() {
        int sw = 7;
        int sh = 5;
        byte[] chroma = new byte[sw * sh * 2];
        for (int i = 0; i < sw * sh; i++) {
            chroma[2 * i] = 37;
            chroma[2 * i + 1] = -90;
        }
        int w = 333;
        int h = 201;
        float[] a = new float[w * h];
        float[] b = new float[w * h];
        upsampler.upsample(chroma, sw, sh, w, h, a, b);
        for (int i = 0; i < w * h; i++) {
            assertEquals(37f, a[i], 1e-4f);
            assertEquals(-90f, b[i], 1e-4f);
        }
    }

    @Test
    void matchesPixelCentreBilinearInOneDimension() {
        // OpenCV resize([0, 100], 4x1, INTER_LINEAR) = [0, 25, 75, 100]
        byte[] chroma = {0, 100, 100, -100};
        float[] a = new float[4];
        float[] b = new float[4];
        upsampler.upsample(chroma, 2, 1, 4, 1, a, b);
        assertArrayEquals(new float[] {0, 25, 75, 100}, a, 1e-4f);
        assertArrayEquals(new float[] {100, 50, -50, -100}, b, 1e-4f);
    }

    @Test
    void agreesWithADirectPerPixelBilinear() {
        Random random = new Random(3);
        int[][] sizes = {{8, 6, 19, 13}, {5, 5, 5, 5}, {16, 9, 7, 4}, {1, 1, 3, 2}, {3, 1, 10, 4}};
        for (int[] s : sizes) {
            int sw = s[0];
            int sh = s[1];
            int w = s[2];
            int h = s[3];
            byte[] chroma = new byte[sw * sh * 2];
            random.nextBytes(chroma);
            float[] a = new float[w * h];
            float[] b = new float[w * h];
            upsampler.upsample(chroma, sw, sh, w, h, a, b);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(direct(chroma, sw, sh, w, h, x, y, 0), a[y * w + x], 1e-3, "a at " + x + "," + y);
                    assertEquals(direct(chroma, sw, sh, w, h, x, y, 1), b[y * w + x], 1e-3, "b at " + x + "," + y);
                }
            }
        }
    }

    /** TensorFlow's half_pixel_centers bilinear, written out per pixel in doubles. */
    private static double direct(byte[] c, int sw, int sh, int w, int h, int x, int y, int ch) {
        double sx = Math.max(0, (x + 0.5) * sw / w - 0.5);
        double sy = Math.max(0, (y + 0.5) * sh / h - 0.5);
        int x0 = Math.min((int) Math.floor(sx), sw - 1);
        int y0 = Math.min((int) Math.floor(sy), sh - 1);
        int x1 = Math.min(x0 + 1, sw - 1);
        int y1 = Math.min(y0 + 1, sh - 1);
        double fx = sx - x0;
        double fy = sy - y0;
        double top = c[(y0 * sw + x0) * 2 + ch] * (1 - fx) + c[(y0 * sw + x1) * 2 + ch] * fx;
        double bottom = c[(y1 * sw + x0) * 2 + ch] * (1 - fx) + c[(y1 * sw + x1) * 2 + ch] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    @Test
    void refusesChromaOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> upsampler.upsample(new byte[10], 2, 2, 4, 4, new float[16], new float[16]));
    }
}
