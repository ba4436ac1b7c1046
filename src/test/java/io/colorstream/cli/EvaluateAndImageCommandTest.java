package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorstream.model.Colorizer;
import io.colorstream.quality.Colourfulness;
import io.colorstream.quality.ImageEvaluation;
import io.colorstream.quality.ImageFiles;
import io.colorstream.quality.RgbImage;
import io.colorstream.quality.SaturationSweep;
import io.colorstream.quality.VideoEvaluation;
import io.colorstream.testing.ColorClips;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate} and {@code image} wired to the quality package. A stand-in model replaces the SavedModel, so
 * these run without models/colorizer; one test uses the real model when it exists.
 */
class EvaluateAndImageCommandTest {
    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    /** Runs a command with {@code model} as what --model loads (null: the real loader). */
    private static Outcome run(Colorizer model, AtomicReference<Path> loadedFrom, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        if (model != null) {
            Function<Path, Colorizer> loader = path -> {
                loadedFrom.set(path);
                return model;
            };
            ((EvaluateCommand) cl.getSubcommands().get("evaluate").getCommand()).model.loader = loader;
            ((ImageCommand) cl.getSubcommands().get("image").getCommand()).model.loader = loader;
        }
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome run(Colorizer model, String... args) {
        return run(model, new AtomicReference<>(), args);
    }

    private Path images(int count) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < count; i++) {
            ImageFiles.writePng(new RgbImage(32, 24, TestImages.gradient(32, 24, i)), images.resolve("p" + i + ".png"));
        }
        return images;
    }

    @Test
    void evaluateImagesPrintsTheTableAndWritesTheReport() throws IOException {
        ConstantChromaColorizer model = new ConstantChromaColorizer(8, 8, 10, 20);
        AtomicReference<Path> loadedFrom = new AtomicReference<>();
        Path out = dir.resolve("report");
        Outcome o = run(model, loadedFrom, "evaluate", "--images", images(2).toString(), "-o", out.toString(),
                "--model", "my-model");
        assertEquals(0, o.code(), o.err());
        assertEquals(Path.of("my-model"), loadedFrom.get());
        assertTrue(o.out().contains("| metric | gray | ours | truth |") && o.out().contains("2 image(s)"), o.out());
        assertTrue(Files.isRegularFile(out.resolve(ImageEvaluation.JSON)));
        assertTrue(Files.isRegularFile(out.resolve(ImageEvaluation.SHEET)));
        assertEquals(2, model.calls());
        assertTrue(model.closed(), "the model is closed after use");
    }

    @Test
    void evaluateSaturationsSweepsWithOneModelRunPerImage() throws IOException {
        ConstantChromaColorizer model = new ConstantChromaColorizer(8, 8, 10, 20);
        Path out = dir.resolve("sweep");
        Outcome o = run(model, "evaluate", "--images", images(2).toString(), "-o", out.toString(), "--saturations",
                "0,1,2,3", "--at-delta-cf", "-4");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Saturation sweep: 2 image(s)") && o.out().contains("| 3.00 |"), o.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve(SaturationSweep.JSON).toFile());
        assertEquals(4, json.get("points").size());
        assertEquals(-4.0, json.get("targetSignedDeltaCf").asDouble(), 0.0);
        assertEquals(2, model.calls());
        assertTrue(model.closed());
    }

    /** Red over blue: the colours orthochromatic film renders least like the eye. */
    private Path redOverBlue() throws IOException {
        Path images = Files.createDirectories(dir.resolve("red-over-blue"));
        byte[] rgb = new byte[32 * 24 * 3];
        for (int i = 0; i < 32 * 24; i++) {
            boolean red = i < 32 * 12;
            rgb[3 * i] = (byte) (red ? 200 : 40);
            rgb[3 * i + 1] = (byte) (red ? 30 : 60);
            rgb[3 * i + 2] = (byte) (red ? 30 : 220);
        }
        ImageFiles.writePng(new RgbImage(32, 24, rgb), images.resolve("p.png"));
        return images;
    }

    @Test
    void evaluateGivesTheModelTheGrayOfTheFilmStockAsked() throws IOException {
        Path images = redOverBlue();
        JsonNode pan = evaluated(images, dir.resolve("pan"));
        JsonNode ortho = evaluated(images, dir.resolve("ortho"), "--film-stock", "Orthochromatic");
        assertTrue(ortho.get("source").asText().endsWith("(grays as orthochromatic film records them, as-shot print)"),
                ortho.get("source").asText());
        assertEquals(images.toString(), pan.get("source").asText());
        double panGray = pan.get("summary").get("gray").get("psnr").asDouble();
        double orthoGray = ortho.get("summary").get("gray").get("psnr").asDouble();
        // The photo's own L* is the closest gray to it; the red-blind film's gray is another picture (red half
        // darker, blue half paler: 1.0 dB further from the truth here, where the chroma's error dominates both).
        assertTrue(orthoGray < panGray - 0.5, "gray PSNR " + orthoGray + " (orthochromatic) against " + panGray);

        // The sweep grays the same way: its gray PSNR is the plain evaluation's.
        Path sweepOut = dir.resolve("sweep");
        Outcome sweep = run(new ConstantChromaColorizer(8, 8, 10, 20), "evaluate", "--images", images.toString(),
                "-o", sweepOut.toString(), "--saturations", "0,1", "--film-stock", "orthochromatic");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode swept = new ObjectMapper().readTree(sweepOut.resolve(SaturationSweep.JSON).toFile());
        assertEquals(orthoGray, swept.get("grayPsnr").asDouble(), 1e-9);
        assertEquals(ortho.get("source").asText(), swept.get("source").asText());

        // A dim print: the same photo's gray, darker; another gray again.
        JsonNode dim = evaluated(images, dir.resolve("dim"), "--film-print", "DIM");
        assertTrue(dim.get("source").asText().endsWith("(grays as panchromatic film records them, dim print)"),
                dim.get("source").asText());
        double dimGray = dim.get("summary").get("gray").get("psnr").asDouble();
        assertTrue(Math.abs(dimGray - panGray) > 0.5, "gray PSNR " + dimGray + " (dim print) against " + panGray);
    }

    private JsonNode evaluated(Path images, Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--images", images.toString(), "-o", out.toString()));
        args.addAll(List.of(more));
        Outcome o = run(new ConstantChromaColorizer(8, 8, 10, 20), args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return new ObjectMapper().readTree(out.resolve(ImageEvaluation.JSON).toFile());
    }

    @Test
    void filmStockUsageErrors() throws IOException {
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(4, 4);
        Outcome unknown = run(model, "evaluate", "--images", images(1).toString(), "--film-stock", "sepia");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'sepia' is not a film stock: give panchromatic or orthochromatic"),
                unknown.err());
        Outcome print = run(model, "evaluate", "--images", images(1).toString(), "--film-print", "scratched");
        assertEquals(2, print.code());
        assertTrue(print.err().contains("'scratched' is not a film print: give as-shot, dim or faded"), print.err());
        assertEquals(0, model.calls(), "no model work on a usage error");
    }

    @Test
    void evaluateSaturationsUsageErrors() throws IOException {
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(4, 4);
        Path images = images(1);
        Outcome both = run(model, "evaluate", "--images", images.toString(), "--saturation", "1.2", "--saturations",
                "1,1.2");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --saturation or --saturations"), both.err());
        Outcome decreasing = run(model, "evaluate", "--images", images.toString(), "--saturations", "1.2,1.1");
        assertEquals(2, decreasing.code());
        assertTrue(decreasing.err().contains("--saturations: saturations must increase"), decreasing.err());
        Outcome lone = run(model, "evaluate", "--images", images.toString(), "--at-delta-cf", "-5");
        assertEquals(2, lone.code());
        assertTrue(lone.err().contains("--at-delta-cf applies to --saturations only"), lone.err());
        Outcome video = run(model, "evaluate", "--video", images.toString(), "--saturations", "1,1.2");
        assertEquals(2, video.code());
        assertTrue(video.err().contains("--saturations applies to --images only"), video.err());
        assertEquals(0, model.calls(), "no model work on a usage error");
    }

    @Test
    void evaluateVideoFolderWithFrameLimitAndSmoothingSettings() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("clips"));
        ColorClips.writeMp4(clips.resolve("one.mp4"), ColorClips.moving(32, 24, 6, 2), 25);
        ColorClips.writeMp4(clips.resolve("two.mp4"), ColorClips.still(32, 24, 6), 25);
        ConstantChromaColorizer model = new ConstantChromaColorizer(8, 8, 5, -5);
        Path out = dir.resolve("report");
        Outcome o = run(model, "evaluate", "--video", clips.toString(), "--max-frames", "4", "--smoothing-weight",
                "0.8", "--luma-tolerance", "3", "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| one.mp4 | 4 | 32×24 |") && o.out().contains("| two.mp4 | 4 |"), o.out());
        assertTrue(o.out().contains("weight 0.80, luma tolerance 3.0"), o.out());
        assertEquals(8, model.calls(), "each frame colorized once for both variants");
        assertTrue(model.closed());
        assertEquals(o.out().substring(0, o.out().indexOf("\nReport written")),
                Files.readString(out.resolve(VideoEvaluation.MARKDOWN)));
        JsonNode json = new ObjectMapper().readTree(out.resolve(VideoEvaluation.JSON).toFile());
        assertEquals(2, json.get("clips").size());
        assertEquals(3.0, json.get("smoothing").get("lumaTolerance").asDouble(), 0.0);
    }

    @Test
    void evaluateVideoUsageErrors() throws IOException {
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(4, 4);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Outcome noClips = run(model, "evaluate", "--video", empty.toString());
        assertEquals(2, noClips.code());
        assertTrue(noClips.err().contains("no .mp4"), noClips.err());
        assertEquals(2, run(model, "evaluate", "--video", dir.resolve("absent.mp4").toString()).code());
        assertEquals(2, run(model, "evaluate", "--video", empty.toString(), "--max-frames", "0").code());
        Path clip = Files.writeString(dir.resolve("c.mp4"), "x");
        Outcome weight = run(model, "evaluate", "--video", clip.toString(), "--smoothing-weight", "1");
        assertEquals(2, weight.code());
        assertTrue(weight.err().contains("smoothing weight"), weight.err());
        assertEquals(2, run(model, "evaluate", "--video", clip.toString(), "--luma-tolerance", "0").code());
        Outcome imagesOnly = run(model, "evaluate", "--images", dir.toString(), "--max-frames", "3");
        assertEquals(2, imagesOnly.code());
        assertTrue(imagesOnly.err().contains("--max-frames applies to --video only"), imagesOnly.err());
        assertEquals(0, model.calls(), "no model work on a usage error");
    }

    @Test
    void anUnreadableClipFailsWithItsName() throws IOException {
        Path clip = Files.writeString(dir.resolve("broken.mp4"), "not a video");
        Outcome o = run(ConstantChromaColorizer.gray(4, 4), "evaluate", "--video", clip.toString(), "-o",
                dir.resolve("r").toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("broken.mp4"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void imageColorizesFilesAndFoldersAndPrintsWhatItWrote() throws IOException {
        Path folder = images(2);
        Path single = dir.resolve("single.png");
        ImageFiles.writePng(new RgbImage(20, 10, TestImages.gradient(20, 10, 5)), single);
        Path out = dir.resolve("colour");
        ConstantChromaColorizer model = new ConstantChromaColorizer(4, 4, 20, 0);
        Outcome o = run(model, "image", folder.toString(), single.toString(), "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(3, o.out().strip().lines().count(), o.out());
        for (String name : new String[] {"p0.png", "p1.png", "single.png"}) {
            assertTrue(o.out().contains(out.resolve(name).toString()), o.out());
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        assertEquals(20, ImageFiles.read(out.resolve("single.png")).width());
        assertTrue(model.closed());
    }

    @Test
    void saturationScalesTheModelsColourAndZeroGivesGray() throws IOException {
        Path single = dir.resolve("single.png");
        ImageFiles.writePng(new RgbImage(20, 10, TestImages.gradient(20, 10, 5)), single);
        double[] colourfulness = new double[3];
        String[] factors = {"0", "1", "2"};
        for (int i = 0; i < factors.length; i++) {
            Path out = dir.resolve("s" + i);
            ConstantChromaColorizer model = new ConstantChromaColorizer(4, 4, 15, 10);
            Outcome o = run(model, "image", single.toString(), "-o", out.toString(), "--saturation", factors[i]);
            assertEquals(0, o.code(), o.err());
            assertTrue(model.closed());
            colourfulness[i] = Colourfulness.of(ImageFiles.read(out.resolve("single.png")));
        }
        assertEquals(0, colourfulness[0], 0.5, "saturation 0 is gray");
        assertTrue(colourfulness[2] > 1.6 * colourfulness[1], java.util.Arrays.toString(colourfulness));
        Outcome bad = run(new ConstantChromaColorizer(4, 4, 15, 10), "image", single.toString(), "-o",
                dir.resolve("bad").toString(), "--saturation", "-1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--saturation"), bad.err());
    }

    @Test
    void imageFailuresExitOneNamingTheFile() throws IOException {
        Path folder = images(1);
        Files.writeString(folder.resolve("bad.png"), "not an image");
        Outcome o = run(ConstantChromaColorizer.gray(4, 4), "image", folder.toString(), "-o",
                dir.resolve("colour").toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("1 image(s) failed (1 done)") && o.err().contains("bad.png"), o.err());
        assertTrue(Files.isRegularFile(dir.resolve("colour").resolve("p0.png")), "the good image is still written");
        assertEquals(2, run(ConstantChromaColorizer.gray(4, 4), "image", dir.resolve("absent").toString(), "-o",
                dir.resolve("colour").toString()).code());
    }

    /** With the shipped model, when it has been trained: the whole path through TensorFlow. */
    @Test
    void evaluateImagesWithTheRealModel() throws IOException {
        Path model = Path.of(ModelOption.DEFAULT);
        Assumptions.assumeTrue(Files.isRegularFile(model.resolve("colorizer.json")),
                "no trained model in " + model.toAbsolutePath());
        Path out = dir.resolve("report");
        Outcome o = run((Colorizer) null, "evaluate", "--images", images(2).toString(), "-o", out.toString(),
                "--model", model.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(ImageEvaluation.JSON).toFile());
        assertEquals(2, json.get("summary").get("images").asInt());
        assertTrue(json.get("summary").get("ours").get("psnr").asDouble() > 5);

        // The sweep's row at saturation 1 is the plain evaluation, through TensorFlow too.
        Path sweepOut = dir.resolve("sweep");
        Outcome sweep = run((Colorizer) null, "evaluate", "--images", dir.resolve("images").toString(), "-o",
                sweepOut.toString(), "--model", model.toString(), "--saturations", "1,1.5");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode points = new ObjectMapper().readTree(sweepOut.resolve(SaturationSweep.JSON).toFile()).get("points");
        assertEquals(json.get("summary").get("ours").get("psnr").asDouble(), points.get(0).get("psnr").asDouble(),
                1e-9);
        assertEquals(json.get("summary").get("ours").get("colourfulness").asDouble(),
                points.get(0).get("colourfulness").asDouble(), 1e-9);
        assertTrue(points.get(1).get("colourfulness").asDouble() > points.get(0).get("colourfulness").asDouble());
    }
}
