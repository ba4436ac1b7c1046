package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.cli.Main;
import io.colorstream.model.ModelMetadata;
import io.colorstream.model.SavedModelColorizer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Training on a handful of photos: the loss falls, a resumed run continues, and the export reloads exactly. */
class TrainerSmokeTest {

    private static Path photos(Path dir, String name, int count, long seed) throws Exception {
        return TrainingPhotos.skyOverGrass(dir, name, count, seed);
    }

    private static TrainOptions options(List<Path> folders, Path work, Path out, int steps, boolean resume) {
        return options(folders, work, out, steps, resume, false);
    }

    private static TrainOptions options(List<Path> folders, Path work, Path out, int steps, boolean resume,
                                        boolean crops) {
        return new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 0, steps, 4, 3e-3f, 2f, 0f, 0.38, 7,
                DarknetTinyTest.CLASSIFIER, work, out, resume, 0, 5, crops);
    }

    @Test
    void lossFallsAndAResumedRunContinuesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path work = dir.resolve("work");
        Path out = dir.resolve("model");
        Trainer.Outcome first = new Trainer(options(folders, work, out, 40, false)).run();
        assertEquals(40, first.steps());
        Trainer.Outcome resumed = new Trainer(options(folders, work, out, 80, true)).run();
        assertEquals(80, resumed.steps(), "resumed from step 40 and ran to 80");

        List<String> rows = Files.readAllLines(work.resolve("loss.csv"));
        assertEquals(LossLog.HEADER, rows.get(0));
        assertEquals(9, rows.size(), "one row every 10 steps over 80 steps, no step logged twice");
        double early = loss(rows.get(1)) + loss(rows.get(2));
        double late = loss(rows.get(7)) + loss(rows.get(8));
        assertTrue(late < 0.8 * early, "loss fell: early " + early / 2 + ", late " + late / 2);
        assertTrue(Files.isRegularFile(work.resolve("loss.png")));

        ModelMetadata meta = ModelMetadata.read(out);
        assertEquals(224, meta.inputWidth());
        assertEquals(80L, ((Number) meta.training().get("steps")).longValue());

        // Nothing left to train: re-export at another temperature, without touching the photos or the log.
        Files.walk(folders.get(0)).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        TrainOptions again = new TrainOptions(List.of(folders.get(1), folders.get(1)), new double[] {1, 1}, 0, 0, 80, 4,
                3e-3f, 2f, 0f, 0.2, 7, DarknetTinyTest.CLASSIFIER, work, out, true, 0, 5, false);
        assertEquals(80, new Trainer(again).run().steps());
        assertEquals(0.2, ModelMetadata.read(out).temperature(), 1e-9);
        assertEquals(rows, Files.readAllLines(work.resolve("loss.csv")));

        // The same through the command, with no training photos at all (a fresh clone has only the checkpoint).
        assertTrue(Trainer.scheduleComplete(work, 80));
        assertFalse(Trainer.scheduleComplete(work, 81));
        assertFalse(Trainer.scheduleComplete(dir.resolve("absent"), 1));
        Path absent = dir.resolve("no-photos");
        Path exported = dir.resolve("exported");
        String[] args = {"train", "--data", absent.toString(), "--steps", "80", "--resume", "--work", work.toString(),
            "--out", exported.toString(), "--classifier", DarknetTinyTest.CLASSIFIER.toString()};
        assertEquals(0, Main.commandLine().execute(args));
        assertEquals(80L, ((Number) ModelMetadata.read(exported).training().get("steps")).longValue());
        // Not complete: the missing folder is named before anything runs.
        args[4] = "81";
        assertEquals(2, Main.commandLine().execute(args));
    }

    @Test
    void lossAlsoFallsOnRandomCropsWithTheClassifierInTheGraph(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path work = dir.resolve("work");
        Trainer.Outcome outcome = new Trainer(options(folders, work, dir.resolve("model"), 60, false, true)).run();
        assertEquals(60, outcome.steps());
        List<String> rows = Files.readAllLines(work.resolve("loss.csv"));
        double early = loss(rows.get(1)) + loss(rows.get(2));
        double late = loss(rows.get(5)) + loss(rows.get(6));
        assertTrue(late < 0.8 * early, "loss fell: early " + early / 2 + ", late " + late / 2);
        assertEquals(Boolean.TRUE, ModelMetadata.read(dir.resolve("model")).training().get("randomCrops"));
    }

    @Test
    void aSmallerInputTrainsScoresAndExportsAModelOfThatSize(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path work = dir.resolve("work");
        Path out = dir.resolve("model");
        TrainOptions o = new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 1, 60, 4, 3e-3f, 2f, 0f, 1.0, 7,
                DarknetTinyTest.CLASSIFIER, work, out, false, 0, 5, true, 1.0, null, 30, 0f, 0, 0.1f, 160);
        assertEquals(60, new Trainer(o).run().steps());

        List<String> rows = Files.readAllLines(work.resolve("loss.csv"));
        double early = loss(rows.get(1)) + loss(rows.get(2));
        double late = loss(rows.get(5)) + loss(rows.get(6));
        assertTrue(late < 0.8 * early, "loss fell: early " + early / 2 + ", late " + late / 2);
        assertEquals(3, Files.readAllLines(work.resolve(Validation.FILE)).size(),
                "the held-out photos scored at steps 30 and 60 through a 160-pixel export");

        ModelMetadata meta = ModelMetadata.read(out);
        assertEquals(160, meta.inputWidth());
        assertEquals(160, meta.inputHeight());
        assertEquals(160, ((Number) meta.training().get("inputSize")).intValue());
        try (SavedModelColorizer c = SavedModelColorizer.load(out)) {
            float[] gray = new float[160 * 160];
            java.util.Arrays.fill(gray, 0.6f);
            assertEquals(160 * 160 * 2, c.run(gray, 1)[0].length, "a*b* at the input's size");
        }
    }

    @Test
    void anInputSizeTheNetworksCannotTakeIsRefusedByName(@TempDir Path dir) {
        List<Path> folders = List.of(dir.resolve("a"));
        for (int size : new int[] {150, 240, 48}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new TrainOptions(folders, new double[] {1}, 0, 0, 10, 4, 3e-3f, 2f, 0f, 1.0, 7,
                            DarknetTinyTest.CLASSIFIER, dir, dir, false, 0, 5, true, 1.0, null, 0, 0f, 0, 0.1f, size));
            assertTrue(e.getMessage().contains("" + size), e.getMessage());
        }
        IllegalArgumentException cached = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TrainOptions(folders, new double[] {1}, 0, 0, 10, 4, 3e-3f, 2f, 0f, 1.0, 7,
                        DarknetTinyTest.CLASSIFIER, dir, dir, false, 0, 5, false, 1.0, null, 0, 0f, 0, 0.1f, 160));
        assertTrue(cached.getMessage().contains("needs random crops"), cached.getMessage());
    }

    @Test
    void heldOutPhotosAreNotTrainedOnAndAreScoredAtTheCheckpoint(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path work = dir.resolve("work");
        TrainOptions o = new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 1, 20, 4, 3e-3f, 2f, 0f, 1.0, 7,
                DarknetTinyTest.CLASSIFIER, work, dir.resolve("model"), false, 0, 5, false);
        assertEquals(20, new Trainer(o).run().steps());

        TrainingSet set = TrainingSet.prepare(folders, DarknetTiny.load(DarknetTinyTest.CLASSIFIER), work, 0, 1,
                i -> { });
        assertEquals(10, set.images().size(), "one photo of each folder kept out of training");
        assertEquals(List.of(folders.get(0).resolve("p0.png"), folders.get(1).resolve("p0.png")), set.heldOut());

        List<String> rows = Files.readAllLines(work.resolve(Validation.FILE));
        assertEquals(Validation.HEADER, rows.get(0));
        assertEquals(2, rows.size(), "one score, at the final checkpoint");
        String[] v = rows.get(1).split(",");
        assertEquals("20", v[0]);
        assertEquals("2", v[1], "both held-out photos scored");
        double gain = Double.parseDouble(v[4]);
        assertTrue(Double.isFinite(gain) && Math.abs(gain - (Double.parseDouble(v[3]) - Double.parseDouble(v[2])))
                < 1e-3, "gain = ours - gray: " + rows.get(1));
        assertTrue(Double.parseDouble(v[6]) > 5, "the held-out truth is colourful: " + rows.get(1));
        assertTrue(Files.notExists(work.resolve("validation-model")), "the scratch export is removed");
        List<String> folderRows = Files.readAllLines(work.resolve(Validation.FOLDERS_FILE));
        assertEquals(Validation.FOLDERS_HEADER, folderRows.get(0));
        assertEquals(List.of("20,a", "20,b"), folderRows.subList(1, 3).stream()
                .map(r -> r.substring(0, r.indexOf(',', r.indexOf(',') + 1))).toList(), "a row per folder");
    }

    @Test
    void aWarmStartBeginsFromTheExportedWeightsAndIsScoredThereFirst(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path first = trainedBriefly(folders, dir);

        // One step at a vanishing learning rate: the weights can only be the first model's.
        Path work = dir.resolve("w2");
        Path second = dir.resolve("second");
        TrainOptions warm = new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 1, 1, 4, 1e-12f, 2f, 0f, 1.0, 8,
                DarknetTinyTest.CLASSIFIER, work, second, false, 0, 5, false, 1.0, first, 1);
        new Trainer(warm).run();
        DarknetTiny classifier = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
        var a = ExportedColorizers.read(first, classifier).trained();
        var b = ExportedColorizers.read(second, classifier).trained();
        for (String name : a.weights().keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.weights().get(name), b.weights().get(name), 1e-5f,
                    name);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.featureMean(), b.featureMean(), 1e-6f,
                "the warm start keeps its feature statistics");
        List<String> rows = Files.readAllLines(work.resolve(Validation.FILE));
        assertEquals("0", rows.get(1).split(",")[0], "scored before the first step");
        assertEquals(1.0, ((Number) ModelMetadata.read(second).training().get("rebalanceLambda")).doubleValue());
    }

    @Test
    void aHiddenWholePictureLayerAddedToAWarmStartBeginsAsTheModelWithoutIt(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 8, 1), photos(dir, "b", 4, 2));
        Path first = trainedBriefly(folders, dir);

        // One step at a vanishing learning rate, so only the new layer's starting values can make a difference.
        Path second = dir.resolve("second");
        new Trainer(widened(folders, first, dir.resolve("w2"), second, 1, 1e-12f)).run();
        assertEquals(16, ((Number) ModelMetadata.read(second).training().get(Trainer.GLOBAL_HIDDEN)).intValue());
        DarknetTiny classifier = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
        Map<String, float[]> b = ExportedColorizers.read(second, classifier).trained().weights();
        assertEquals(16, FusedColorizerNet.globalHiddenOf(b), "read back with its hidden layer");
        assertEquals(256 * 16, b.get("fuse_hidden_w").length);
        float largest = 0;
        for (float v : b.get("fuse_hidden_out_w")) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest < 1e-6f, "the hidden layer's output starts at zero: " + largest);

        // So the widened model colours as the one it started from: to a thousandth of a chroma unit (a*, b* run to
        // ±128; the two graphs' kernels may add in another order, ~1e-4 apart), a hundredth of an 8-bit level.
        byte[] luma = new byte[96 * 64];
        new Random(5).nextBytes(luma);
        try (SavedModelColorizer a = SavedModelColorizer.load(first);
             SavedModelColorizer c = SavedModelColorizer.load(second)) {
            assertArrayEquals(a.colorize(luma, 96, 64), c.colorize(luma, 96, 64), 1e-3f);
        }
        // And training moves the new layer: a few steps at a real learning rate from the same start.
        Path third = dir.resolve("third");
        new Trainer(widened(folders, first, dir.resolve("w3"), third, 10, 3e-3f)).run();
        float moved = 0;
        for (float v : ExportedColorizers.read(third, classifier).trained().weights().get("fuse_hidden_out_w")) {
            moved = Math.max(moved, Math.abs(v));
        }
        assertTrue(moved > 1e-4f, "the hidden layer's output learns: " + moved);
    }

    /** A model of 20 steps on {@code folders}, exported to DIR/first: a warm start's starting point. */
    private static Path trainedBriefly(List<Path> folders, Path dir) throws Exception {
        Path first = dir.resolve("first");
        new Trainer(options(folders, dir.resolve("w1"), first, 20, false)).run();
        return first;
    }

    /** A warm start from {@code from} with a 16-unit hidden whole-picture layer, at the first model's T 0.38. */
    private static TrainOptions widened(List<Path> folders, Path from, Path work, Path out, int steps, float lr) {
        return new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 0, steps, 4, lr, 2f, 0f, 0.38, 8,
                DarknetTinyTest.CLASSIFIER, work, out, false, 0, 5, false, 1.0, from, 0, 0f, 0, 0.1f,
                FusedColorizerNet.INPUT_SIZE, 16);
    }

    @Test
    void rebalancingOffGivesEveryBinTheSameWeight() {
        long[] counts = new long[AbBins.COUNT];
        counts[AbBins.binOf(0, 0)] = 1000;
        counts[AbBins.binOf(60, 60)] = 1;
        float[] off = AbBins.rebalancingWeights(counts, 1.0);
        float[] half = AbBins.rebalancingWeights(counts, 0.5);
        for (float w : off) {
            assertEquals(1f, w, 1e-5f);
        }
        assertTrue(half[AbBins.binOf(60, 60)] > 10 * half[AbBins.binOf(0, 0)], "rare bins weigh more at 1/2");
    }

    @Test
    void weightDecayShrinksKernelsAfterTheAdamStepAndLeavesBiasesAlone() {
        float[] mean = new float[DarknetTiny.FEATURE_CHANNELS];
        float[] std = new float[DarknetTiny.FEATURE_CHANNELS];
        java.util.Arrays.fill(std, 1f);
        // Adam's first step moves each weight by ±lr whatever the gradient's size, and a gradient near zero may
        // change sign between runs; a tiny lr keeps that noise (≤ 2·lr) far below the decay being checked.
        float lr = 1e-6f;
        float decay = 1000f;
        Map<String, float[]> plain = oneStep(mean, std, lr, 0f);
        Map<String, float[]> decayed = oneStep(mean, std, lr, decay);
        int kernels = 0;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
            float[] p = e.getValue();
            float[] d = decayed.get(e.getKey());
            float factor = e.getKey().endsWith("_w") ? 1 - lr * decay : 1f;
            kernels += e.getKey().endsWith("_w") ? 1 : 0;
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i] * factor, d[i], 3e-6f, e.getKey() + "[" + i + "]");
            }
        }
        assertTrue(kernels >= 10, "kernels checked: " + kernels);
    }

    /** The weights after one training step from the same start on the same batch. */
    private static Map<String, float[]> oneStep(float[] mean, float[] std, float lr, float decay) {
        int in = FusedColorizerNet.INPUT_SIZE;
        int out = FusedColorizerNet.OUTPUT_SIZE;
        int grid = TrainingImage.FEATURE_GRID;
        Random r = new Random(5);
        float[] gray = new float[2 * in * in];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = r.nextFloat();
        }
        float[] feats = new float[2 * grid * grid * DarknetTiny.FEATURE_CHANNELS];
        for (int i = 0; i < feats.length; i++) {
            feats[i] = (float) r.nextGaussian();
        }
        float[] chroma = new float[2 * out * out * 2];
        for (int i = 0; i < chroma.length; i++) {
            chroma[i] = (r.nextFloat() - 0.5f) * 0.6f;
        }
        float[] rebalance = new float[AbBins.COUNT];
        java.util.Arrays.fill(rebalance, 1f);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            TrainingGraph tg = new TrainingGraph(g, 3, mean, std, rebalance, 1f, null, decay);
            s.initialize();
            Trainer.trainStep(s, tg, new BatchSampler.Batch(2, gray, feats, chroma), lr, 0.9f, 0.999f);
            return Trainer.fetchWeights(s, tg);
        }
    }

    @Test
    void aHoldOutThatLeavesNothingToTrainOnIsRefused(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(photos(dir, "a", 3, 1));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TrainingSet.prepare(folders, DarknetTiny.load(DarknetTinyTest.CLASSIFIER), dir.resolve("w"), 0,
                        3, i -> { }));
        assertTrue(e.getMessage().contains("--hold-out 3") && e.getMessage().contains("3 photos"), e.getMessage());
    }

    private static double loss(String csvRow) {
        return Double.parseDouble(csvRow.split(",")[1]);
    }

    @Test
    void exportedModelReloadedByThePipelinesLoaderGivesIdenticalOutput(@TempDir Path dir) throws Exception {
        DarknetTiny darknet = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
        ModelExporter.Trained trained = RandomColorizers.random(3);

        int size = FusedColorizerNet.INPUT_SIZE;
        float[] input = new float[size * size];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) ((i % size) + (i / size)) / (2 * size);
        }
        float[] inMemory = new float[size * size * 2];
        try (Graph g = new Graph(); Session s = new Session(g)) {
            ModelExporter.Inference net = ModelExporter.buildInference(Ops.create(g), trained, darknet, 0.38);
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, size, size, 1), DataBuffers.of(input, true, false));
                 Result res = s.runner().feed(net.gray(), t).fetch(net.ab()).run()) {
                ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(inMemory);
            }
        }
        Path out = dir.resolve("exported");
        ModelExporter.export(trained, darknet, 0.38, out, "test", Map.of());
        float[] reloaded;
        try (SavedModelColorizer loaded = SavedModelColorizer.load(out)) {
            assertEquals(size, loaded.width());
            reloaded = loaded.run(input, 1)[0];
        }
        float[] expected = new float[inMemory.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = inMemory[i] * 128f;
        }
        assertArrayEquals(expected, reloaded, 0f, "bit-identical after export and reload");
        double spread = 0;
        for (float v : reloaded) {
            spread += Math.abs(v);
        }
        assertTrue(spread / reloaded.length > 0.01, "random weights give non-trivial chroma");
    }
}
