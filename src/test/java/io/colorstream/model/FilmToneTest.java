package io.colorstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilmToneTest {
    private static int through(FilmTone tone, int code) {
        byte[] c = {(byte) code};
        tone.apply(c);
        return c[0] & 0xFF;
    }

    @Test
    void asShotLeavesTheLightnessAlone() {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        byte[] copy = codes.clone();
        FilmTone.AS_SHOT.apply(codes);
        assertArrayEquals(copy, codes);
        assertArrayEquals(copy, FilmTone.AS_SHOT.table(), "its table is the identity too");
    }

    @Test
    void aDimPrintTopsOutLowAndAFadedOneLiftsItsBlacks() {
        assertEquals(ColorSpace.lCode(65), through(FilmTone.DIM, 255));
        assertEquals(0, through(FilmTone.DIM, 0));
        assertEquals(ColorSpace.lCode(20), through(FilmTone.FADED, 0));
        assertEquals(ColorSpace.lCode(90), through(FilmTone.FADED, 255));
        assertEquals(ColorSpace.lCode(55), through(FilmTone.FADED, ColorSpace.lCode(50)), 1, "straight between");
        // A curve keeps the order of the tones it maps.
        byte[] t = new FilmTone(10, 70, 1.5).table();
        for (int c = 1; c < 256; c++) {
            assertTrue((t[c] & 0xFF) >= (t[c - 1] & 0xFF), "monotone at " + c);
        }
        assertTrue((t[128] & 0xFF) < (10 + 60 * 0.5) * 2.55, "gamma above 1 darkens the mid-tones");
    }

    @Test
    void presetsAreNamedAndBadTonesAreRefused() {
        assertSame(FilmTone.DIM, FilmTone.named(" Dim"));
        assertSame(FilmTone.FADED, FilmTone.named("faded"));
        assertSame(FilmTone.AS_SHOT, FilmTone.named("as-shot"));
        assertEquals("dim", FilmTone.DIM.label());
        assertEquals("L* 10–70, gamma 1.50", new FilmTone(10, 70, 1.5).label());
        var unknown = assertThrows(IllegalArgumentException.class, () -> FilmTone.named("sepia"));
        assertTrue(unknown.getMessage().contains("'sepia' is not a film print"), unknown.getMessage());
        var inverted = assertThrows(IllegalArgumentException.class, () -> new FilmTone(60, 40, 1));
        assertTrue(inverted.getMessage().contains("got black 60.0, white 40.0"), inverted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FilmTone(0, 100, 0));
    }
}
