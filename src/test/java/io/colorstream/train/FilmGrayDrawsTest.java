package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --film-stocks} and {@code --film-prints}: the orthochromatic gray prepared with each photo, and the
 * draws that use it or a print's tone.
 */
class FilmGrayDrawsTest {
    private static final int IN = FusedColorizerNet.INPUT_SIZE;
    private static final double[] ONE_FOLDER = {1};

    @TempDir
    static Path dir;
    private static TrainingSet set;
    private static Path folder;

    /** Red cloth over a blue sky: the two colours orthochromatic film renders least like the eye. */
    @BeforeAll
    static void prepare() throws Exception {
        folder = Files.createDirectories(dir.resolve("red-over-blue"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    img.setRGB(x, y, y < 32 ? 0xC81E1E + i : 0x3C50DC);
                }
            }
            ImageIO.write(img, "png", folder.resolve("p" + i + ".png").toFile());
        }
        set = TrainingSet.prepare(List.of(folder), DarknetTiny.load(DarknetTinyTest.CLASSIFIER), dir.resolve("w"), 0,
                0, i -> { });
    }

    @Test
    void eachPhotoCarriesTheGrayOrthochromaticFilmWouldHaveRecorded() throws Exception {
        for (TrainingImage im : set.images()) {
            int top = 10 * IN + IN / 2;           // the red half
            int bottom = (IN - 10) * IN + IN / 2; // the blue half
            assertTrue((im.orthoLuma()[top] & 0xFF) < (im.luma()[top] & 0xFF) - 40,
                    "red is dark on red-blind film: " + (im.orthoLuma()[top] & 0xFF) + " against L* code "
                            + (im.luma()[top] & 0xFF));
            assertTrue((im.orthoLuma()[bottom] & 0xFF) > (im.luma()[bottom] & 0xFF) + 40, "blue is pale");
        }
        // The prepared set is cached with its orthochromatic grays and read back the same.
        // No classifier: only a cache read can prepare the set.
        TrainingSet again = TrainingSet.prepare(List.of(folder), null, dir.resolve("w"), 0, 0, i -> { });
        for (int i = 0; i < set.images().size(); i++) {
            assertArrayEquals(set.images().get(i).orthoLuma(), again.images().get(i).orthoLuma());
            assertArrayEquals(set.images().get(i).luma(), again.images().get(i).luma());
        }
    }

    @Test
    void filmStockDrawsChangeTheGrayAndNothingElse() throws Exception {
        try (BatchSampler plain = new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 0, 0);
             BatchSampler again = new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 0, 0);
             BatchSampler film = new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 1, 0)) {
            for (int k = 0; k < 5; k++) {
                BatchSampler.Batch p = plain.next();
                BatchSampler.Batch a = again.next();
                BatchSampler.Batch f = film.next();
                assertArrayEquals(p.gray(), a.gray(), "the same seed draws the same batches");
                assertArrayEquals(p.chroma(), f.chroma(), "the same photos, crops and flips: the target is unchanged");
                assertFalse(Arrays.equals(p.gray(), f.gray()), "every draw's gray is a blend towards the film's");
            }
        }
    }

    @Test
    void aShareOfTheDrawsTakesTheFilmStocksGray() throws Exception {
        int blended = 0;
        int draws = 0;
        try (BatchSampler plain = new BatchSampler(set, ONE_FOLDER, 1, 9, true, IN, 0, 0);
             BatchSampler half = new BatchSampler(set, ONE_FOLDER, 1, 9, true, IN, 0.5, 0)) {
            for (; draws < 300; draws++) {
                if (!Arrays.equals(plain.next().gray(), half.next().gray())) {
                    blended++;
                }
            }
        }
        // A blend's weight can round to nothing (about 1 draw in 100); a half share gives 150 ± 26 (3 sigma).
        assertTrue(blended > 110 && blended < 180, blended + " of " + draws + " draws blended at share 0.5");
    }

    @Test
    void filmPrintDrawsPassTheGrayThroughAPrintsToneAndChangeNothingElse() throws Exception {
        try (BatchSampler plain = new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 0, 0);
             BatchSampler print = new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 0, 1)) {
            for (int k = 0; k < 5; k++) {
                BatchSampler.Batch p = plain.next();
                BatchSampler.Batch f = print.next();
                assertArrayEquals(p.chroma(), f.chroma(), "the same photos, crops and flips");
                assertFalse(Arrays.equals(p.gray(), f.gray()), "every draw's gray went through a tone");
            }
        }
        IllegalArgumentException cached = assertThrows(IllegalArgumentException.class,
                () -> new BatchSampler(set, ONE_FOLDER, 4, 5, false, IN, 0, 0.5));
        assertTrue(cached.getMessage().contains("grays need random crops"), cached.getMessage());
    }

    @Test
    void randomTonesSpanDimDenseAndFadedPrints() {
        java.util.Random random = new java.util.Random(1);
        double minWhite = 100;
        double maxBlack = 0;
        double minGamma = 9;
        double maxGamma = 0;
        for (int i = 0; i < 2000; i++) {
            io.colorstream.model.FilmTone t = BatchSampler.randomTone(random);
            assertTrue(t.black() >= 0 && t.black() <= 25 && t.white() >= 60 && t.white() <= 100, t.toString());
            minWhite = Math.min(minWhite, t.white());
            maxBlack = Math.max(maxBlack, t.black());
            minGamma = Math.min(minGamma, t.gamma());
            maxGamma = Math.max(maxGamma, t.gamma());
        }
        assertTrue(minWhite < 61 && maxBlack > 24, "whites down to 60 (dim: 65), blacks up to 25 (faded: 20)");
        assertTrue(minGamma < 0.71 && maxGamma > 1.39 && minGamma >= 0.7 && maxGamma <= 1.4, minGamma + ".." + maxGamma);
    }

    @Test
    void theBlendRunsFromTheLightnessToTheFilmsGray() {
        byte[] l = {(byte) 200, 100, 0};
        byte[] o = {100, (byte) 200, 50};
        assertArrayEquals(l, BatchSampler.blend(l, o, 0));
        assertArrayEquals(o, BatchSampler.blend(l, o, 1));
        assertArrayEquals(new byte[] {(byte) 150, (byte) 150, 25}, BatchSampler.blend(l, o, 0.5));
    }

    @Test
    void filmStockGraysNeedCropsAndAShareBetweenZeroAndOne() {
        IllegalArgumentException cached = assertThrows(IllegalArgumentException.class,
                () -> new BatchSampler(set, ONE_FOLDER, 4, 5, false, IN, 0.5, 0));
        assertTrue(cached.getMessage().contains("grays need random crops"), cached.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(set, ONE_FOLDER, 4, 5, true, IN, 1.5, 0));
        IllegalArgumentException options = assertThrows(IllegalArgumentException.class, () -> options(0.5, false));
        assertTrue(options.getMessage().contains("film-print grays need random crops"), options.getMessage());
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class, () -> options(-0.1, true));
        assertTrue(share.getMessage().contains("0 to 1, got -0.1"), share.getMessage());
        assertEquals(0.5, options(0.5, true).filmStockShare());
    }

    @Test
    void aRunOnFilmStockGraysTrainsAndRecordsItsShare() throws Exception {
        Path out = dir.resolve("model");
        TrainOptions o = new TrainOptions(List.of(folder), ONE_FOLDER, 0, 0, 6, 2, 3e-3f, 2f, 0f, 1.0, 7,
                DarknetTinyTest.CLASSIFIER, dir.resolve("run"), out, false, 0, 5, true, 1.0, null, 0, 0f, 0, 0.1f, IN,
                0, 1, 0.5);
        assertEquals(6, new Trainer(o).run().steps());
        JsonNode training = new ObjectMapper().readTree(out.resolve("colorizer.json").toFile()).get("training");
        assertEquals(1.0, training.get("filmStockShare").asDouble(), 0.0);
        assertEquals(0.5, training.get("filmPrintShare").asDouble(), 0.0);
    }

    private static TrainOptions options(double share, boolean crops) {
        return new TrainOptions(List.of(folder), ONE_FOLDER, 0, 0, 10, 4, 3e-3f, 2f, 0f, 1.0, 7,
                DarknetTinyTest.CLASSIFIER, dir, dir, false, 0, 5, crops, 1.0, null, 0, 0f, 0, 0.1f, IN, 0, share, 0);
    }
}
