package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.colorstream.model.ColorSpace;
import io.colorstream.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTypesTest {
    @Test
    void labImageMatchesTheReferenceConversionExactly() {
        RgbImage image = new RgbImage(16, 16, TestImages.noise(16, 16, 3));
        LabImage lab = LabImage.fromRgb(image);
        byte[] p = image.rgb();
        for (int i = 0; i < image.pixelCount(); i++) {
            double[] ref = ColorSpace.srgbToLab(p[3 * i] & 0xFF, p[3 * i + 1] & 0xFF, p[3 * i + 2] & 0xFF);
            assertEquals((float) ref[0], lab.l()[i]);
            assertEquals((float) ref[1], lab.a()[i]);
            assertEquals((float) ref[2], lab.b()[i]);
        }
    }

    @Test
    void bufferedImageRoundTripsThroughPng() throws IOException {
        RgbImage image = new RgbImage(7, 5, TestImages.noise(7, 5, 4));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image.toBufferedImage(), "png", png);
        assertEquals(image, RgbImage.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(png.toByteArray()))));
    }

    @Test
    void grayPngKeepsItsLevels() throws IOException {
        // getRGB would treat TYPE_BYTE_GRAY as linear and brighten 100 to about 170.
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 100);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(gray, "png", png);
        RgbImage read = RgbImage.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(png.toByteArray())));
        int o = 3 * (3 + 1);
        assertEquals(100, read.rgb()[o] & 0xFF);
        assertEquals(100, read.rgb()[o + 1] & 0xFF);
        assertEquals(100, read.rgb()[o + 2] & 0xFF);
        assertEquals(0, read.rgb()[0]);
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() {
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 65535);
        assertEquals(RgbImage.filled(1, 1, 255, 255, 255), RgbImage.fromBufferedImage(gray));
    }

    @Test
    void wrongSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
        assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 2, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new LabImage(2, 1, new float[2], new float[2], new float[1]));
    }
}
