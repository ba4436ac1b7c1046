package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ModelMetadata;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.train.DarknetTiny;
import io.colorstream.train.ExportedColorizers;
import io.colorstream.train.ModelExporter;
import io.colorstream.train.RandomColorizers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code combine}: one SavedModel, loaded by the pipeline's loader, serving the mean chroma of its members. */
class CombineCommandTest {
    private static final Path CLASSIFIER = Path.of("models/darknet-tiny");

    private static float[] colorize(Path model, float[] input) {
        try (SavedModelColorizer c = SavedModelColorizer.load(model)) {
            return c.run(input, 1)[0];
        }
    }

    @Test
    void theCombinedModelServesTheMeanChromaOfItsMembers(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(CLASSIFIER);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path both = dir.resolve("both");
        ModelExporter.export(RandomColorizers.random(21), darknet, 1.0, a, "1.1", Map.of("seed", 21));
        ModelExporter.export(RandomColorizers.random(22), darknet, 1.0, b, "1.2", Map.of("seed", 22));

        CommandLineTest.Outcome o = CommandLineTest.run("combine", a.toString(), b.toString(), "-o", both.toString(), "--classifier",
                CLASSIFIER.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("mean chroma of 2 colorizers, version 1.1+1.2"), o.out());

        int size = 224;
        float[] input = new float[size * size];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (0.5 + 0.45 * Math.sin(i % size / 9.0) * Math.cos(i / size / 13.0));
        }
        float[] ca = colorize(a, input);
        float[] cb = colorize(b, input);
        float[] cboth = colorize(both, input);
        double apart = 0;
        double worst = 0;
        for (int i = 0; i < ca.length; i++) {
            apart = Math.max(apart, Math.abs(ca[i] - cb[i]));
            worst = Math.max(worst, Math.abs(cboth[i] - (ca[i] + cb[i]) / 2));
        }
        assertTrue(apart > 0.1, "the members colour differently (max " + apart + " a*b* units apart)");
        assertTrue(worst < apart * 1e-3, "combined = mean of the members, off by at most " + worst + " a*b* units");

        ModelMetadata meta = ModelMetadata.read(both);
        assertEquals("1.1+1.2", meta.version());
        assertEquals(1.0, meta.temperature());
        List<?> members = (List<?>) meta.training().get("members");
        assertEquals(2, members.size());
        assertEquals(22, ((Map<?, ?>) members.get(1)).get("seed"));

        CommandLineTest.Outcome again = CommandLineTest.run("combine", both.toString(), a.toString(), "-o", dir.resolve("x").toString(),
                "--classifier", CLASSIFIER.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(both + " already combines 2 colorizers"), again.err());
    }

    @Test
    void averagedWeightsMakeOneColorizerWhoseWeightsAreTheMembersMean(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(CLASSIFIER);
        ModelExporter.Trained ta = RandomColorizers.random(25);
        ModelExporter.Trained tb = new ModelExporter.Trained(RandomColorizers.random(26).weights(), ta.featureMean(),
                ta.featureStd()); // a sibling: the same starting model's feature statistics
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path soup = dir.resolve("soup");
        ModelExporter.export(ta, darknet, 1.0, a, "1.1", Map.of("seed", 25));
        ModelExporter.export(tb, darknet, 1.0, b, "1.2", Map.of("seed", 26));

        CommandLineTest.Outcome o = CommandLineTest.run("combine", "--average-weights", a.toString(), b.toString(),
                "-o", soup.toString(), "--classifier", CLASSIFIER.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("weights averaged over 2 colorizers, version 1.1~1.2"), o.out());

        // One colorizer (a combined model cannot be read back as one), each weight the members' mean.
        ExportedColorizers.Member m = ExportedColorizers.read(soup, darknet);
        for (var e : m.trained().weights().entrySet()) {
            float[] x = ta.weights().get(e.getKey());
            float[] y = tb.weights().get(e.getKey());
            for (int i = 0; i < x.length; i++) {
                assertEquals((x[i] + y[i]) / 2, e.getValue()[i], 1e-6f, e.getKey() + "[" + i + "]");
            }
        }
        assertEquals("1.1~1.2", m.metadata().version());
        List<?> from = (List<?>) m.metadata().training().get(ExportedColorizers.AVERAGED);
        assertEquals(26, ((Map<?, ?>) from.get(1)).get("seed"));

        CommandLineTest.Outcome apart = CommandLineTest.run("combine", "--average-weights", a.toString(),
                dir.resolve("c").toString(), "-o", dir.resolve("x").toString(), "--classifier", CLASSIFIER.toString());
        assertEquals(2, apart.code(), "a missing member is a usage error: " + apart.err());
    }

    @Test
    void oneModelIsReExportedToServeASmallerInputWithTheSameWeights(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(CLASSIFIER);
        ModelExporter.Trained t = RandomColorizers.random(29);
        Path a = dir.resolve("a");
        Path small = dir.resolve("small");
        ModelExporter.export(t, darknet, 1.0, a, "1.9", Map.of("seed", 29));

        CommandLineTest.Outcome o = CommandLineTest.run("combine", a.toString(), "--input-size", "160", "-o",
                small.toString(), "--classifier", CLASSIFIER.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("input 160×160, version 1.9@160"), o.out());

        ModelMetadata meta = ModelMetadata.read(small);
        assertEquals(160, meta.inputWidth());
        assertEquals(29, meta.training().get("seed"), "the member's training facts kept");
        ExportedColorizers.Member back = ExportedColorizers.read(small, darknet);
        for (var e : t.weights().entrySet()) {
            assertArrayEquals(e.getValue(), back.trained().weights().get(e.getKey()), e.getKey());
        }
        float[] flat = new float[160 * 160];
        java.util.Arrays.fill(flat, 0.5f);
        try (SavedModelColorizer c = SavedModelColorizer.load(small)) {
            assertEquals(160 * 160 * 2, c.run(flat, 1)[0].length);
        }

        CommandLineTest.Outcome alone = CommandLineTest.run("combine", a.toString(), "-o", dir.resolve("x").toString(),
                "--classifier", CLASSIFIER.toString());
        assertEquals(2, alone.code());
        assertTrue(alone.err().contains("one MODEL only re-exports it at another --input-size"), alone.err());
        CommandLineTest.Outcome odd = CommandLineTest.run("combine", a.toString(), "--input-size", "150", "-o",
                dir.resolve("y").toString(), "--classifier", CLASSIFIER.toString());
        assertEquals(2, odd.code());
        assertTrue(odd.err().contains("--input-size must be a multiple of 16 from 64 to 224, not 150"), odd.err());
        assertTrue(!dir.resolve("x").toFile().exists() && !dir.resolve("y").toFile().exists(), "nothing written");
    }

    @Test
    void aModelOfAnotherStartIsNotAveraged(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(CLASSIFIER);
        ModelExporter.export(RandomColorizers.random(27), darknet, 1.0, dir.resolve("a"), "a", Map.of());
        ModelExporter.export(RandomColorizers.random(28), darknet, 1.0, dir.resolve("b"), "b", Map.of());

        CommandLineTest.Outcome o = CommandLineTest.run("combine", "--average-weights", dir.resolve("a").toString(),
                dir.resolve("b").toString(), "-o", dir.resolve("ab").toString(), "--classifier", CLASSIFIER.toString());

        assertEquals(1, o.code());
        assertTrue(o.err().contains("standardizes the classifier's features unlike member 1"), o.err());
        assertTrue(!dir.resolve("ab").toFile().exists(), "nothing written");
    }

    @Test
    void membersReadingOutAtDifferentTemperaturesAreRefused(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(CLASSIFIER);
        ModelExporter.export(RandomColorizers.random(23), darknet, 1.0, dir.resolve("a"), "a", Map.of());
        ModelExporter.export(RandomColorizers.random(24), darknet, 0.38, dir.resolve("b"), "b", Map.of());

        CommandLineTest.Outcome o = CommandLineTest.run("combine", dir.resolve("a").toString(), dir.resolve("b").toString(), "-o",
                dir.resolve("ab").toString(), "--classifier", CLASSIFIER.toString());

        assertEquals(1, o.code());
        assertTrue(o.err().contains("temperature 0.38") && o.err().contains("a at 1.0"), o.err());
        assertTrue(!dir.resolve("ab").toFile().exists(), "nothing written");
    }
}
