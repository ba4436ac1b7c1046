package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.model.Colorizer;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.TestImages;
import io.colorstream.testing.TrueChromaColorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageColorizerTest {
    @TempDir
    Path tmp;

    private static RgbImage gradient(int w, int h, long seed) {
        return new RgbImage(w, h, TestImages.gradient(w, h, seed));
    }

    @Test
    void zeroChromaGivesTheGrayVersionAndGrayIsNeutral() {
        RgbImage image = gradient(30, 20, 1);
        RgbImage ours = new ImageColorizer(ConstantChromaColorizer.gray(8, 8)).colorize(image);
        assertEquals(ImageColorizer.gray(image), ours);
        assertEquals(0.0, Colourfulness.of(ours), 0.0);
    }

    @Test
    void theColorizerSeesOnlyTheImagesLightness() {
        RgbImage image = gradient(9, 7, 2);
        ConstantChromaColorizer colorizer = ConstantChromaColorizer.gray(4, 4);
        new ImageColorizer(colorizer).colorize(image);
        assertArrayEquals(ImageColorizer.lightnessCodes(image), colorizer.lastLuma());
        // Red and a gray of the same L code colorize identically: hue in the input is ignored.
        RgbImage red = RgbImage.filled(3, 3, 255, 0, 0);
        assertEquals(136, ImageColorizer.lightnessCodes(red)[0] & 0xFF); // round(53.24·2.55)
        int level = 0;
        while ((ColorSpace.lCodeOfGray(level) & 0xFF) != 136) {
            level++;
        }
        ImageColorizer tinted = new ImageColorizer(new ConstantChromaColorizer(2, 2, 30, -10));
        assertEquals(tinted.colorize(RgbImage.filled(3, 3, level, level, level)), tinted.colorize(red));
    }

    @Test
    void chromaAtModelSizeIsSpreadOverTheFullImage() {
        RgbImage gray = RgbImage.filled(50, 30, 119, 119, 119);
        RgbImage ours = new ImageColorizer(new ConstantChromaColorizer(7, 5, 20f, -30f)).colorize(gray);
        assertEquals(50, ours.width());
        assertEquals(30, ours.height());
        int[] expected = ColorSpace.labToSrgb(ColorSpace.lOfCode(ColorSpace.lCodeOfGray(119)), 20, -30);
        for (int o = 0; o < ours.rgb().length; o += 3) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], ours.rgb()[o + c] & 0xFF, 1.0);
            }
        }
    }

    @Test
    void trueChromaGivesTheTruthBackUpToLightnessCodes() {
        RgbImage truth = gradient(24, 16, 3);
        RgbImage ours = new ImageColorizer(new TrueChromaColorizer(24, 16, truth.rgb())).colorize(truth);
        double psnr = Psnr.of(ours, truth);
        assertTrue(psnr > 40, "PSNR " + psnr);
        assertTrue(psnr > Psnr.of(ImageColorizer.gray(truth), truth) + 15);
    }

    @Test
    void wrongChromaLengthFromTheModelIsAClearError() {
        // Claims 5x4 but answers with 4x4 chroma.
        ConstantChromaColorizer real = ConstantChromaColorizer.gray(4, 4);
        Colorizer liar = new Colorizer() {
            @Override
            public int width() {
                return 5;
            }

            @Override
            public int height() {
                return 4;
            }

            @Override
            public float[] colorize(byte[] luma, int w, int h) {
                return real.colorize(luma, w, h);
            }

            @Override
            public void close() {
            }
        };
        var e = assertThrows(IllegalStateException.class,
                () -> new ImageColorizer(liar).colorize(RgbImage.filled(3, 3, 1, 2, 3)));
        assertTrue(e.getMessage().contains("5x4"), e.getMessage());
    }

    @Test
    void filesAndFoldersAreColorizedKeepingSizeAndBaseName() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ImageFiles.writePng(gradient(20, 10, 4), in.resolve("a.png"));
        Path single = tmp.resolve("single.png");
        ImageFiles.writePng(gradient(7, 9, 5), single);
        Path out = tmp.resolve("out");
        List<Path> written = new ImageColorizer(new ConstantChromaColorizer(4, 4, 10, 10))
                .colorizeFiles(List.of(in, single), out);
        assertEquals(List.of(out.resolve("a.png"), out.resolve("single.png")), written);
        RgbImage a = ImageFiles.read(out.resolve("a.png"));
        assertEquals(20, a.width());
        assertEquals(10, a.height());
        assertTrue(Colourfulness.of(a) > 0);
        assertEquals(9, ImageFiles.read(out.resolve("single.png")).height());
    }

    @Test
    void failuresAreListedAtTheEndAndTheRestIsStillWritten() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ImageFiles.writePng(gradient(8, 8, 6), in.resolve("good.png"));
        Files.writeString(in.resolve("broken.png"), "not an image");
        Path other = Files.createDirectories(tmp.resolve("other"));
        ImageFiles.writePng(gradient(8, 8, 7), other.resolve("good.png")); // same base name
        Path missing = tmp.resolve("missing.jpg");
        Path out = tmp.resolve("out");
        var e = assertThrows(FailedImagesException.class, () -> new ImageColorizer(ConstantChromaColorizer.gray(4, 4))
                .colorizeFiles(List.of(in, missing, other), out));
        assertEquals(1, e.succeeded());
        assertEquals(List.of(missing, in.resolve("broken.png"), other.resolve("good.png")),
                e.failures().stream().map(ImageFailure::file).toList());
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        assertTrue(e.failures().get(2).reason().contains("same base name"), e.failures().get(2).reason());
        assertTrue(Files.exists(out.resolve("good.png")));
        assertFalse(Files.exists(out.resolve("broken.png")));
        try (var files = Files.list(out)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void neverOverwritesItsInput() throws IOException {
        Path photo = tmp.resolve("photo.png");
        RgbImage original = gradient(8, 8, 8);
        ImageFiles.writePng(original, photo);
        var e = assertThrows(FailedImagesException.class,
                () -> new ImageColorizer(new ConstantChromaColorizer(2, 2, 50, 50)).colorizeFiles(List.of(photo), tmp));
        assertTrue(e.failures().get(0).reason().contains("overwrite"));
        assertEquals(original, ImageFiles.read(photo));
    }
}
