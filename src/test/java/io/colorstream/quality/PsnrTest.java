package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.TestImages;
import org.junit.jupiter.api.Test;

class PsnrTest {
    @Test
    void oneChannelOffByTenOnOnePixelOfTwoByTwo() {
        RgbImage a = RgbImage.filled(2, 2, 100, 100, 100);
        byte[] rgb = a.rgb().clone();
        rgb[4] = (byte) 110; // pixel 1, green
        RgbImage b = new RgbImage(2, 2, rgb);
        // MSE = 10² / (4 pixels · 3 channels) = 8.3333…; 20·log10(255/√8.3333) = 48.130804 − 9.208188
        assertEquals(100.0 / 12, Psnr.mse(a, b), 1e-12);
        assertEquals(38.9226161, Psnr.of(a, b), 1e-6);
        assertEquals(Psnr.of(a, b), Psnr.of(b, a));
    }

    @Test
    void blackAgainstWhiteIsZeroDecibels() {
        assertEquals(0.0, Psnr.of(RgbImage.filled(3, 3, 0, 0, 0), RgbImage.filled(3, 3, 255, 255, 255)), 1e-12);
    }

    @Test
    void identicalImagesAreInfinite() {
        RgbImage a = new RgbImage(5, 4, TestImages.noise(5, 4, 1));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, new RgbImage(5, 4, a.rgb().clone())));
    }

    @Test
    void differentSizesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Psnr.of(RgbImage.filled(2, 2, 0, 0, 0), RgbImage.filled(1, 4, 0, 0, 0)));
        assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("1x4"), e.getMessage());
    }
}
