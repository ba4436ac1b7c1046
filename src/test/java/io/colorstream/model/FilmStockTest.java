package io.colorstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FilmStockTest {
    private static int code(FilmStock s, int r, int g, int b) {
        return s.lCodeOfSrgb(r, g, b) & 0xFF;
    }

    @Test
    void panchromaticIsTheLightnessEveryFrameIsTakenAs() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int r = random.nextInt(256);
            int g = random.nextInt(256);
            int b = random.nextInt(256);
            assertEquals(ColorSpace.lCodeOfSrgb(r, g, b), FilmStock.PANCHROMATIC.lCodeOfSrgb(r, g, b));
        }
    }

    @Test
    void orthochromaticFilmIsBlindToRedAndPaintsBlueLight() {
        // Pure red: L* 53 as the eye sees it, about 27 on red-blind film; pure blue: L* 32 against about 76.
        assertEquals(136, code(FilmStock.PANCHROMATIC, 255, 0, 0), 1);
        assertEquals(68, code(FilmStock.ORTHOCHROMATIC, 255, 0, 0), 1);
        assertEquals(82, code(FilmStock.PANCHROMATIC, 0, 0, 255), 1);
        assertEquals(194, code(FilmStock.ORTHOCHROMATIC, 0, 0, 255), 1);
        // A face's skin tone comes out darker, a blue sky paler.
        assertTrue(code(FilmStock.ORTHOCHROMATIC, 224, 172, 140) < code(FilmStock.PANCHROMATIC, 224, 172, 140) - 5);
        assertTrue(code(FilmStock.ORTHOCHROMATIC, 120, 170, 230) > code(FilmStock.PANCHROMATIC, 120, 170, 230) + 5);
    }

    @Test
    void neutralGraysAreTheSameOnEveryStock() {
        // The weights sum to one, so white stays white and a gray scene gives the same film on either stock.
        for (int v = 0; v < 256; v++) {
            assertEquals(code(FilmStock.PANCHROMATIC, v, v, v), code(FilmStock.ORTHOCHROMATIC, v, v, v), 1,
                    "gray " + v);
        }
        assertEquals(255, code(FilmStock.ORTHOCHROMATIC, 255, 255, 255));
        assertEquals(0, code(FilmStock.ORTHOCHROMATIC, 0, 0, 0));
    }
}
