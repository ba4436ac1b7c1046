package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColourfulnessTest {
    private static RgbImage pixels(int... rgb) {
        byte[] bytes = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            bytes[i] = (byte) rgb[i];
        }
        return new RgbImage(rgb.length / 3, 1, bytes);
    }

    @Test
    void redAndBlack() {
        // rg = {255, 0}, yb = {127.5, 0}: μ = (127.5, 63.75), σ = (127.5, 63.75) (population)
        // CF = √(127.5² + 63.75²) + 0.3·√(127.5² + 63.75²) = 1.3·√(16256.25 + 4064.0625)
        assertEquals(1.3 * Math.sqrt(16256.25 + 4064.0625), Colourfulness.of(pixels(255, 0, 0, 0, 0, 0)), 1e-9);
    }

    @Test
    void uniformColourHasOnlyTheMeanTerm() {
        // rg = 10, yb = |15 − 30| = 15 at both pixels: σ = 0, CF = 0.3·√(100 + 225)
        assertEquals(0.3 * Math.sqrt(325), Colourfulness.of(pixels(10, 20, 30, 10, 20, 30)), 1e-9);
    }

    @Test
    void differencesAreAbsolute() {
        // green and red: rg = |∓255| = 255 at both, yb = 127.5 at both: σ = 0 (a signed R−G would give σ = 255)
        assertEquals(0.3 * Math.sqrt(255.0 * 255 + 127.5 * 127.5),
                Colourfulness.of(pixels(0, 255, 0, 255, 0, 0)), 1e-9);
    }

    @Test
    void grayIsZero() {
        assertEquals(0.0, Colourfulness.of(pixels(0, 0, 0, 77, 77, 77, 255, 255, 255)), 0.0);
    }
}
