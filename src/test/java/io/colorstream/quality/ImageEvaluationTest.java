package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorstream.model.FilmLook;
import io.colorstream.model.FilmStock;
import io.colorstream.model.FilmTone;
import io.colorstream.quality.EvaluationReport.ImageScores;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.TestImages;
import io.colorstream.testing.TrueChromaColorizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEvaluationTest {
    @TempDir
    Path tmp;

    private Path folderOf(int count) throws IOException {
        return folderOf(tmp, count);
    }

    /** {@code count} gradient PNGs of different widths in {@code tmp/images}; also used by the sweep's test. */
    static Path folderOf(Path tmp, int count) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < count; i++) {
            int w = 24 + 4 * i;
            ImageFiles.writePng(new RgbImage(w, 18, TestImages.gradient(w, 18, i)), dir.resolve("img" + i + ".png"));
        }
        return dir;
    }

    @Test
    void theChromaErrorJudgesTheColourAloneWhateverTheGraysLightness() throws IOException {
        Path images = folderOf(3);
        EvaluationReport photo = new ImageEvaluation(ConstantChromaColorizer.gray(8, 8)).evaluate(images,
                tmp.resolve("photo"));
        EvaluationReport film = new ImageEvaluation(ConstantChromaColorizer.gray(8, 8),
                new FilmLook(FilmStock.ORTHOCHROMATIC, FilmTone.DIM)).evaluate(images, tmp.resolve("film"));
        for (int i = 0; i < 3; i++) {
            ImageScores p = photo.images().get(i);
            ImageScores f = film.images().get(i);
            LabImage truth = LabImage.fromRgb(ImageFiles.read(images.resolve(p.file())));
            double rms = 0;
            for (int k = 0; k < truth.a().length; k++) {
                rms += truth.a()[k] * truth.a()[k] + truth.b()[k] * truth.b()[k];
            }
            rms = Math.sqrt(rms / truth.a().length);
            // Gray's colour error is the truth's own chroma, at any lightness (8-bit rounding aside) ...
            assertEquals(rms, p.gray().chromaError(), 0.5);
            assertEquals(rms, f.gray().chromaError(), 1.0);
            assertEquals(p.gray().chromaError(), p.ours().chromaError(), 0.0, "zero chroma is gray's colour");
            // ... though the dim print's lightness is another picture's (which RGB PSNR would count too).
            assertTrue(f.gray().ssimLightness() < 0.95 && p.gray().ssimLightness() > 0.99,
                    f.gray().ssimLightness() + " against " + p.gray().ssimLightness());
        }
        assertTrue(photo.markdown().contains("| Error, a*b* (RMS) ↓ |"), photo.markdown());
        String header = photo.csv().lines().findFirst().orElseThrow();
        assertTrue(header.endsWith(",harmed,ab_error_gray,ab_error_ours"), header);
        assertEquals(0.0, photo.summary().truth().chromaError(), 0.0);
    }

    @Test
    void knowingTheColourLowersTheChromaError() throws IOException {
        Path images = folderOf(1);
        RgbImage truth = ImageFiles.read(images.resolve("img0.png"));
        EvaluationReport known = new ImageEvaluation(new TrueChromaColorizer(truth.width(), truth.height(),
                truth.rgb())).evaluate(images, tmp.resolve("known"));
        ImageScores s = known.images().get(0);
        assertTrue(s.ours().chromaError() < 0.3 * s.gray().chromaError(), s.ours() + " against " + s.gray());
    }

    @Test
    void zeroChromaScoresLikeGray() throws IOException {
        Path out = tmp.resolve("out");
        EvaluationReport report = new ImageEvaluation(ConstantChromaColorizer.gray(8, 8), 2, 40)
                .evaluate(folderOf(3), out);
        assertEquals(3, report.images().size());
        for (ImageScores s : report.images()) {
            assertEquals(s.gray().psnr(), s.ours().psnr(), 0.0);
            assertEquals(s.gray().ssimLightness(), s.ours().ssimLightness(), 0.0);
            assertEquals(0.0, s.ours().colourfulness(), 0.0);
            assertTrue(s.truth().colourfulness() > 10);
            assertTrue(s.gray().psnr() < 30);
            assertTrue(s.gray().ssimLightness() > 0.99, "gray keeps L*: " + s.gray().ssimLightness());
        }
        var summary = report.summary();
        assertEquals(summary.truth().colourfulness(), summary.deltaCfOurs(), 1e-12);
        assertEquals(summary.deltaCfGray(), summary.deltaCfOurs(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, summary.truth().psnr());
    }

    @Test
    void writesMarkdownCsvJsonAndContactSheet() throws IOException {
        Path out = tmp.resolve("out");
        new ImageEvaluation(new ConstantChromaColorizer(8, 8, 15, 25), 2, 40).evaluate(folderOf(3), out);

        String md = Files.readString(out.resolve(ImageEvaluation.MARKDOWN));
        assertTrue(md.contains("| metric | gray | ours | truth |"), md);
        assertTrue(md.contains("| PSNR, RGB (dB) ↑ |") && md.contains("∞"), md);

        List<String> csv = Files.readAllLines(out.resolve(ImageEvaluation.CSV));
        assertEquals(4, csv.size());
        assertTrue(csv.get(1).startsWith("img0.png,24,18,"), csv.get(1));

        JsonNode json = new ObjectMapper().readTree(out.resolve(ImageEvaluation.JSON).toFile());
        assertEquals(3, json.get("summary").get("images").asInt());
        assertEquals(3, json.get("images").size());
        assertEquals("Infinity", json.get("summary").get("truth").get("psnr").asText());
        assertTrue(json.get("summary").get("ours").get("colourfulness").asDouble() > 0);

        // Two rows (the sheet's limit) of three 40 px cells under 16 px labels, 4 px gaps.
        BufferedImage sheet = ImageIO.read(out.resolve(ImageEvaluation.SHEET).toFile());
        assertEquals(4 + 2 * (16 + 40 + 4), sheet.getHeight());
        int widest = (int) Math.round(28 * 40.0 / 18);
        assertEquals(4 + 3 * (widest + 4), sheet.getWidth());
    }

    @Test
    void knowingTheTrueChromaBeatsGray() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("one"));
        RgbImage truth = new RgbImage(32, 20, TestImages.gradient(32, 20, 9));
        ImageFiles.writePng(truth, dir.resolve("known.png"));
        EvaluationReport report = new ImageEvaluation(new TrueChromaColorizer(32, 20, truth.rgb()))
                .evaluate(dir, tmp.resolve("out"));
        var s = report.summary();
        assertTrue(s.ours().psnr() > s.gray().psnr() + 15, s.toString());
        assertTrue(s.ours().ssimRgb() > s.gray().ssimRgb(), s.toString());
        assertTrue(s.deltaCfOurs() < 0.1 * s.deltaCfGray(), s.toString());
    }

    @Test
    void badImagesAreNamedAndTheRestIsReported() throws IOException {
        Path dir = folderOf(2);
        Files.write(dir.resolve("corrupt.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        ImageFiles.writePng(RgbImage.filled(8, 8, 10, 20, 30), dir.resolve("tiny.png"));
        Path out = tmp.resolve("out");
        var e = assertThrows(FailedImagesException.class,
                () -> new ImageEvaluation(ConstantChromaColorizer.gray(4, 4)).evaluate(dir, out));
        assertEquals(2, e.succeeded());
        assertEquals(List.of(dir.resolve("corrupt.jpg"), dir.resolve("tiny.png")),
                e.failures().stream().map(ImageFailure::file).toList());
        assertTrue(e.failures().get(1).reason().contains("11x11"), e.failures().get(1).reason());
        JsonNode json = new ObjectMapper().readTree(out.resolve(ImageEvaluation.JSON).toFile());
        assertEquals(2, json.get("images").size());
        assertEquals(2, json.get("failures").size());
    }

    @Test
    void emptyFolderIsAnError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        var e = assertThrows(NoSuchFileException.class,
                () -> new ImageEvaluation(ConstantChromaColorizer.gray(4, 4)).evaluate(empty, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("no .jpg"), e.getMessage());
    }
}
