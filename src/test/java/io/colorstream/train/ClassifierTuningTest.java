package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code train --tune-classifier N}: the classifier's top layers start from their pretrained values, move at their
 * own learning rate without decay, and the exported model carries them (and is read back with them).
 */
class ClassifierTuningTest {
    private static DarknetTiny classifier;

    @BeforeAll
    static void load() throws Exception {
        classifier = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
    }

    private static TrainOptions options(List<Path> folders, Path work, Path out, int steps, float lr, Path initFrom,
                                        int tuned) {
        return new TrainOptions(folders, new double[] {0.5, 0.5}, 0, 0, steps, 4, lr, 2f, 0.1f, 1.0, 7,
                DarknetTinyTest.CLASSIFIER, work, out, false, 0, 5, true, 1.0, initFrom, 0, 0f, tuned, 1f);
    }

    @Test
    void tunedLayersStartPretrainedTrainAndTravelWithTheExportedModel(@TempDir Path dir) throws Exception {
        List<Path> folders = List.of(TrainingPhotos.skyOverGrass(dir, "a", 6, 1),
                TrainingPhotos.skyOverGrass(dir, "b", 4, 2));
        Path frozen = dir.resolve("frozen");
        new Trainer(options(folders, dir.resolve("w0"), frozen, 4, 3e-3f, null, 0)).run();

        // One step at a vanishing learning rate from a frozen-classifier model: the tuned layers are pretrained.
        Path start = dir.resolve("start");
        new Trainer(options(folders, dir.resolve("w1"), start, 1, 1e-12f, frozen, 2)).run();
        var started = ExportedColorizers.read(start, classifier).trained();
        assertEquals(2, ((Number) ModelMetadata.read(start).training().get(Trainer.TUNED_CLASSIFIER_LAYERS))
                .intValue());
        for (String name : DarknetTiny.tunedNames(2)) {
            assertArrayEquals(classifier.pretrained(name), started.weights().get(name), 1e-6f, name);
        }
        assertTrue(!started.weights().containsKey(DarknetTiny.kernelName(13)), "only layers 14 and 15 tuned");

        // Training moves them, and the export computes with the moved values (read back, rebuilt, compared).
        Path tunedModel = dir.resolve("tuned");
        new Trainer(options(folders, dir.resolve("w2"), tunedModel, 6, 3e-3f, start, 2)).run();
        var tuned = ExportedColorizers.read(tunedModel, classifier).trained();
        float moved = 0;
        for (String name : DarknetTiny.tunedNames(2)) {
            float[] a = classifier.pretrained(name);
            float[] b = tuned.weights().get(name);
            for (int i = 0; i < a.length; i++) {
                moved = Math.max(moved, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(moved > 1e-3f, "the tuned layers moved: " + moved);
        Map<String, float[]> untuned = new HashMap<>(tuned.weights());
        DarknetTiny.tunedNames(2).forEach(untuned::remove);
        float[] with = chroma(tuned);
        float[] without = chroma(new ModelExporter.Trained(untuned, tuned.featureMean(), tuned.featureStd()));
        float diff = 0;
        for (int i = 0; i < with.length; i++) {
            diff = Math.max(diff, Math.abs(with[i] - without[i]));
        }
        assertTrue(diff > 1e-4f, "the exported model uses its tuned classifier layers: " + diff);

        // A run that would drop them is refused, naming the way out.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(options(folders, dir.resolve("w3"), dir.resolve("x"), 1, 1e-3f, tunedModel, 0))
                        .run());
        assertTrue(e.getMessage().contains("--tune-classifier"), e.getMessage());
        try (Graph g = new Graph()) {
            e = assertThrows(IllegalArgumentException.class, () -> ModelExporter.buildInference(Ops.create(g),
                    List.of(tuned, tuned), classifier, 1.0));
        }
        assertTrue(e.getMessage().contains("share the pretrained classifier"), e.getMessage());
    }

    @Test
    void tunedLayersMoveAtTheirOwnRateAndAreNotDecayed() {
        float lr = 1e-3f;
        float scale = 0.25f;
        Map<String, float[]> before = new LinkedHashMap<>();
        Map<String, float[]> after = oneStep(lr, scale, 10f, before);
        float classifierMax = 0;
        float colorizerMax = 0;
        for (var e : after.entrySet()) {
            float[] a = before.get(e.getKey());
            float[] b = e.getValue();
            float m = 0;
            for (int i = 0; i < a.length; i++) {
                m = Math.max(m, Math.abs(a[i] - b[i]));
            }
            if (DarknetTiny.isTunedName(e.getKey())) {
                classifierMax = Math.max(classifierMax, m);
            } else if (e.getKey().endsWith("_b")) {
                colorizerMax = Math.max(colorizerMax, m); // biases: no decay, so the Adam step alone
            }
        }
        // Adam's first step moves a parameter by lr · g / (|g| + ε): at most the rate, nearly it for most.
        assertTrue(classifierMax <= lr * scale * 1.001f && classifierMax > lr * scale * 0.9f,
                "classifier layers move by at most lr × scale (no decay on top): " + classifierMax);
        assertTrue(colorizerMax > lr * 0.9f && colorizerMax <= lr * 1.001f, "the colorizer by lr: " + colorizerMax);
    }

    private static Map<String, float[]> oneStep(float lr, float scale, float decay, Map<String, float[]> before) {
        int in = FusedColorizerNet.INPUT_SIZE;
        int out = FusedColorizerNet.OUTPUT_SIZE;
        Random r = new Random(5);
        float[] gray = new float[2 * in * in];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = r.nextFloat();
        }
        float[] chroma = new float[2 * out * out * 2];
        for (int i = 0; i < chroma.length; i++) {
            chroma[i] = (r.nextFloat() - 0.5f) * 0.6f;
        }
        float[] rebalance = new float[AbBins.COUNT];
        Arrays.fill(rebalance, 1f);
        float[] mean = new float[DarknetTiny.FEATURE_CHANNELS];
        float[] std = new float[DarknetTiny.FEATURE_CHANNELS];
        Arrays.fill(std, 1f);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            TrainingGraph tg = new TrainingGraph(g, 3, mean, std, rebalance, 1f, classifier, decay, 0f, 2, scale);
            s.initialize();
            before.putAll(Trainer.fetchWeights(s, tg));
            Trainer.trainStep(s, tg, new BatchSampler.Batch(2, gray, null, chroma), lr, 0.9f, 0.999f);
            return Trainer.fetchWeights(s, tg);
        }
    }

    /** The serving graph's chroma for a fixed ramp. */
    private static float[] chroma(ModelExporter.Trained trained) {
        int size = FusedColorizerNet.INPUT_SIZE;
        float[] ramp = new float[size * size];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = ((i % size) + 2f * (i / size)) / (3f * size);
        }
        float[] ab = new float[size * size * 2];
        try (Graph g = new Graph(); Session s = new Session(g);
             TFloat32 in = TFloat32.tensorOf(Shape.of(1, size, size, 1), DataBuffers.of(ramp, true, false))) {
            ModelExporter.Inference net = ModelExporter.buildInference(Ops.create(g), trained, classifier, 1.0);
            try (Result res = s.runner().feed(net.gray(), in).fetch(net.ab()).run()) {
                ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(ab);
            }
        }
        return ab;
    }
}
