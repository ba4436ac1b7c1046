package io.colorstream.train;

import io.colorstream.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reads one colorizer back out of a SavedModel that {@link ModelExporter} wrote: its trained weights and feature
 * statistics, which an export keeps only as graph constants. This is what lets models be combined after their
 * checkpoints are gone (the shipped ones keep no optimizer state).
 *
 * <p>TensorFlow names unnamed constants in creation order, so the names are learnt from a graph built by the same
 * code with stand-in values; the result is then checked by rebuilding the model from what was read and comparing
 * its output with the loaded model's. A model from another exporter fails that check with a clear error instead
 * of being combined wrongly.
 */
public final class ExportedColorizers {
    /** Metadata key under which a combined model lists its members' facts. */
    public static final String MEMBERS = "members";
    /** Metadata key under which a weight-averaged model lists the facts of the colorizers it averages. */
    public static final String AVERAGED = "averagedFrom";

    private static final float CHECK_TOLERANCE = 1e-5f;

    private ExportedColorizers() {
    }

    /** A colorizer read back: what rebuilds it, and its metadata. */
    public record Member(ModelExporter.Trained trained, ModelMetadata metadata) {
    }

    public static Member read(Path modelDir, DarknetTiny classifier) {
        ModelMetadata meta = ModelMetadata.read(modelDir);
        if (meta.training() != null && meta.training().get(MEMBERS) instanceof List<?> l) {
            throw new IllegalArgumentException(modelDir + " already combines " + l.size()
                    + " colorizers; combine its members instead");
        }
        ConstantNames names = constantNames(classifier, meta.temperature(), tunedClassifierLayers(meta, modelDir),
                globalHidden(meta, modelDir));
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), SavedModelBundle.DEFAULT_TAG)) {
            Session s = bundle.session();
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (var e : names.weights().entrySet()) {
                weights.put(e.getKey(), constant(s, e.getValue(), names.shapes().get(e.getKey()), modelDir));
            }
            long[] features = {DarknetTiny.FEATURE_CHANNELS};
            float[] mean = constant(s, names.mean(), features, modelDir);
            float[] scale = constant(s, names.scale(), features, modelDir);
            float[] std = new float[scale.length];
            for (int i = 0; i < std.length; i++) {
                std[i] = 1f / scale[i]; // the graph holds 1/std; inverted back it rebuilds the same scale (±1 ulp)
            }
            ModelExporter.Trained trained = new ModelExporter.Trained(weights, mean, std);
            check(bundle, meta, trained, classifier, modelDir);
            return new Member(trained, meta);
        }
    }

    /** The names of the constants that hold a single exported colorizer's weights and feature statistics. */
    private record ConstantNames(Map<String, String> weights, Map<String, long[]> shapes, String mean,
                                 String scale) {
    }

    /** How many of the classifier's top layers the model tuned (its training facts say; older models: none). */
    private static int tunedClassifierLayers(ModelMetadata meta, Path modelDir) {
        Object n = meta.training() == null ? null : meta.training().get(Trainer.TUNED_CLASSIFIER_LAYERS);
        if (n == null) {
            return 0;
        }
        if (!(n instanceof Number k) || k.intValue() < 0 || k.intValue() > DarknetTiny.FEATURE_LAYER) {
            throw notOurs(modelDir, Trainer.TUNED_CLASSIFIER_LAYERS + " is " + n);
        }
        return k.intValue();
    }

    /** The width of the whole-picture path's hidden layer (its training facts say; older models: none). */
    private static int globalHidden(ModelMetadata meta, Path modelDir) {
        Object n = meta.training() == null ? null : meta.training().get(Trainer.GLOBAL_HIDDEN);
        if (n == null) {
            return 0;
        }
        if (!(n instanceof Number k) || k.intValue() < 0) {
            throw notOurs(modelDir, Trainer.GLOBAL_HIDDEN + " is " + n);
        }
        return k.intValue();
    }

    private static ConstantNames constantNames(DarknetTiny classifier, double temperature, int tunedLayers,
                                               int globalHidden) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        // Stand-in statistics no real constant has, so their two constants can be told apart by value.
        int c = DarknetTiny.FEATURE_CHANNELS;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int i = 0; i < c; i++) {
            mean[i] = 10_000f + i;
            std[i] = 1f / (500f + i);
        }
        Map<String, float[]> tuned = new HashMap<>();
        for (String name : DarknetTiny.tunedNames(tunedLayers)) {
            tuned.put(name, new float[0]); // only the names matter: they make the build ask for these layers
        }
        if (globalHidden > 0) {
            tuned.put(FusedColorizerNet.GLOBAL_HIDDEN_BIAS, new float[globalHidden]); // its length is the width
        }
        ModelExporter.Trained standIn = new ModelExporter.Trained(tuned, mean, std);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            ModelExporter.buildInference(Ops.create(g), List.of(standIn), classifier, temperature,
                    (tf, t) -> (name, shape, fanIn) -> {
                        Operand<TFloat32> k = tf.constant(Shape.of(shape),
                                DataBuffers.of(new float[Math.toIntExact(Shape.of(shape).size())], true, false));
                        names.put(name, k.op().name());
                        shapes.put(name, shape);
                        return k;
                    });
            String meanName = null;
            String scaleName = null;
            for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
                GraphOperation op = it.next();
                if (!op.type().equals("Const") || op.numOutputs() != 1 || op.output(0).shape().numDimensions() != 1
                        || op.output(0).shape().size(0) != c) {
                    continue;
                }
                float first = values(s, op.name())[0];
                if (first == 10_000f) {
                    meanName = op.name();
                } else if (Math.abs(first - 500f) < 0.01f) {
                    scaleName = op.name();
                }
            }
            if (meanName == null || scaleName == null || names.isEmpty()) {
                throw new IllegalStateException("the exporter's graph no longer has the constants this reader "
                        + "looks for");
            }
            return new ConstantNames(names, shapes, meanName, scaleName);
        }
    }

    private static float[] constant(Session s, String name, long[] shape, Path modelDir) {
        try (Result r = s.runner().fetch(name).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            if (!Arrays.equals(t.shape().asArray(), shape)) {
                throw notOurs(modelDir, "its constant " + name + " has shape " + t.shape() + ", not "
                        + Shape.of(shape));
            }
            return floats(t);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw notOurs(modelDir, "it has no float constant " + name + " (" + e.getMessage() + ")");
        }
    }

    private static float[] values(Session s, String name) {
        try (Result r = s.runner().fetch(name).run()) {
            return floats((TFloat32) r.get(0));
        }
    }

    private static float[] floats(TFloat32 t) {
        float[] v = new float[Math.toIntExact(t.shape().size())];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    /** Rebuilds the model from what was read and requires the same chroma as the loaded model on a test ramp. */
    private static void check(SavedModelBundle bundle, ModelMetadata meta, ModelExporter.Trained trained,
                              DarknetTiny classifier, Path modelDir) {
        // Square inputs of the sizes the networks take (a model may be re-exported at a smaller one).
        int size = meta.inputWidth();
        if (meta.inputHeight() != size || size % ModelExporter.SIZE_STEP != 0
                || size > FusedColorizerNet.INPUT_SIZE) {
            throw notOurs(modelDir, "its input is " + meta.inputWidth() + "×" + meta.inputHeight());
        }
        float[] ramp = new float[size * size];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = ((i % size) + 2f * (i / size)) / (3f * size);
        }
        float[] loaded = new float[size * size * 2];
        float[] rebuilt = new float[loaded.length];
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, size, size, 1), DataBuffers.of(ramp, true, false))) {
            try (Result r = bundle.function(meta.signature()).call(Map.of(meta.inputName(), in))) {
                ((TFloat32) r.get(meta.outputName()).orElseThrow()).asRawTensor().data().asFloats().read(loaded);
            }
            try (Graph g = new Graph(); Session s = new Session(g)) {
                ModelExporter.Inference net = ModelExporter.buildInference(Ops.create(g), List.of(trained),
                        classifier, meta.temperature(), size, (scope, t) -> new FrozenWeights(scope, t.weights()));
                try (Result r = s.runner().feed(net.gray(), in).fetch(net.ab()).run()) {
                    ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(rebuilt);
                }
            }
        }
        float worst = 0;
        for (int i = 0; i < loaded.length; i++) {
            worst = Math.max(worst, Math.abs(loaded[i] - rebuilt[i]));
        }
        if (!(worst <= CHECK_TOLERANCE)) {
            throw notOurs(modelDir, "rebuilt from its constants it differs by " + worst * 128 + " a*b* units");
        }
    }

    private static IllegalArgumentException notOurs(Path modelDir, String why) {
        return new IllegalArgumentException("cannot read the colorizer in " + modelDir + " back: " + why
                + " (only single models exported by this version of colorstream can be combined)");
    }
}
