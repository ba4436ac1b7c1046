package io.colorstream.train;

import io.colorstream.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.commons.io.file.PathUtils;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * Writes the inference-only SavedModel: classifier and trained colorizer as constants (no variables, no optimizer
 * state), serving signature {@code gray} [N,S,S,1] → {@code ab} [N,S,S,2] (S = 224 unless exported smaller), plus
 * {@code colorizer.json}.
 * The directory is written beside the target and renamed into place, so a failed export leaves the old model.
 */
public final class ModelExporter {
    public static final String INPUT = "gray";
    public static final String OUTPUT = "ab";

    private ModelExporter() {
    }

    /** The trained state that fully determines the exported model. */
    public record Trained(Map<String, float[]> weights, float[] featureMean, float[] featureStd) {
    }

    public static void export(Trained trained, DarknetTiny classifier, double temperature, Path outDir,
                              String version, Map<String, Object> trainingFacts) throws IOException {
        export(List.of(trained), classifier, temperature, outDir, version, trainingFacts);
    }

    /**
     * Exports one model that colorizes with every member and serves the mean of their chroma. The classifier runs
     * once for all of them: it is the larger half of a member's cost.
     */
    public static void export(List<Trained> members, DarknetTiny classifier, double temperature, Path outDir,
                              String version, Map<String, Object> trainingFacts) throws IOException {
        export(members, classifier, temperature, FusedColorizerNet.INPUT_SIZE, outDir, version, trainingFacts);
    }

    /**
     * @param size the served input's side: the networks are fully convolutional, so the same weights serve any
     *             multiple of {@value #SIZE_STEP} pixels; fewer pixels cost less and see the picture coarser
     */
    public static void export(List<Trained> members, DarknetTiny classifier, double temperature, int size,
                              Path outDir, String version, Map<String, Object> trainingFacts) throws IOException {
        checkSize(size);
        Path abs = outDir.toAbsolutePath().normalize();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".export-tmp");
        deleteTree(tmp);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Inference net = buildInference(Ops.create(g), members, classifier, temperature, size,
                    (scope, t) -> new FrozenWeights(scope, t.weights()));
            Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input(INPUT, net.gray())
                    .output(OUTPUT, net.ab()).build();
            SavedModelBundle.exporter(tmp.toString()).withSession(s).withSignature(sig).export();
        }
        new ModelMetadata(ModelMetadata.FORMAT_VERSION, "colorstream-fused", version, size, size, INPUT, OUTPUT,
                Signature.DEFAULT_KEY, temperature, trainingFacts).write(tmp);
        Path old = abs.resolveSibling(abs.getFileName() + ".export-old");
        deleteTree(old);
        if (Files.exists(abs)) {
            Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** The serving graph's input and output. */
    public record Inference(Placeholder<TFloat32> gray, Operand<TFloat32> ab) {
    }

    /** Builds the serving graph into {@code tf}'s graph: what is exported, and what tests compare against. */
    public static Inference buildInference(Ops tf, Trained trained, DarknetTiny classifier, double temperature) {
        return buildInference(tf, List.of(trained), classifier, temperature);
    }

    /** The serving graph of the members' mean chroma (one member: exactly the single model's graph). */
    public static Inference buildInference(Ops tf, List<Trained> members, DarknetTiny classifier,
                                           double temperature) {
        return buildInference(tf, members, classifier, temperature,
                (scope, t) -> new FrozenWeights(scope, t.weights()));
    }

    /**
     * @param weightsOf where each member's network gets its parameters; {@link ExportedColorizers} passes a
     *                  recorder to learn the constants' names in a graph built exactly like an exported one
     */
    static Inference buildInference(Ops tf, List<Trained> members, DarknetTiny classifier, double temperature,
                                    BiFunction<Ops, Trained, Weights> weightsOf) {
        return buildInference(tf, members, classifier, temperature, FusedColorizerNet.INPUT_SIZE, weightsOf);
    }

    static Inference buildInference(Ops tf, List<Trained> members, DarknetTiny classifier, double temperature,
                                    int size, BiFunction<Ops, Trained, Weights> weightsOf) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no colorizer to export");
        }
        checkSize(size);
        Placeholder<TFloat32> gray = tf.withName(INPUT).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, size, size, 1)));
        int firstTuned = DarknetTiny.firstTunedLayer(members.get(0).weights().keySet());
        for (Trained m : members) {
            if (DarknetTiny.firstTunedLayer(m.weights().keySet()) != firstTuned || members.size() > 1
                    && firstTuned != DarknetTiny.NONE_TUNED) {
                throw new IllegalArgumentException("only colorizers that share the pretrained classifier can be "
                        + "combined: a member tunes the classifier's top layers");
            }
        }
        // The classifier's tuned top layers, if any, come from the member's weights like the colorizer's.
        Operand<TFloat32> features = classifier.build(tf, ColorizerGraph.grayToRgb(tf, gray), false,
                firstTuned == DarknetTiny.NONE_TUNED ? null : weightsOf.apply(tf, members.get(0)), firstTuned)
                .features();
        Operand<TFloat32> abGrid;
        if (members.size() == 1) {
            // Built without a sub-scope, so a single model's graph (and its constants' names) stay as exported
            // before ensembles existed: ExportedColorizers reads those models back by these names.
            abGrid = memberChroma(tf, members.get(0), weightsOf, gray, features, temperature, size);
        } else {
            List<Operand<TFloat32>> each = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                each.add(memberChroma(tf.withSubScope("member" + i), members.get(i), weightsOf, gray, features,
                        temperature, size));
            }
            // The mean of the members' expected chroma: the expectation under the mixture of their distributions.
            abGrid = tf.math.mul(tf.math.addN(each), tf.constant(1f / members.size()));
        }
        // Chroma is upsampled in the graph so the signature keeps the contract: output size = input size.
        Operand<TFloat32> ab = tf.withName(OUTPUT).identity(tf.image.resizeBilinear(abGrid,
                tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true)));
        return new Inference(gray, ab);
    }

    private static Operand<TFloat32> memberChroma(Ops tf, Trained member,
                                                  BiFunction<Ops, Trained, Weights> weightsOf, Operand<TFloat32> gray,
                                                  Operand<TFloat32> features, double temperature, int size) {
        int out = size * FusedColorizerNet.OUTPUT_SIZE / FusedColorizerNet.INPUT_SIZE;
        Operand<TFloat32> logits = FusedColorizerNet.logits(tf, weightsOf.apply(tf, member), gray,
                ColorizerGraph.standardize(tf, features, member.featureMean(), member.featureStd()),
                FusedColorizerNet.globalHiddenOf(member.weights()));
        return ColorizerGraph.annealedMean(tf, logits, tf.constant((float) temperature), out, out);
    }

    /** Input sides the networks can take: both halve the picture four times (the classifier to its 1/16 grid). */
    public static final int SIZE_STEP = 16;

    static void checkSize(int size) {
        if (size < 4 * SIZE_STEP || size % SIZE_STEP != 0) {
            throw new IllegalArgumentException("a model's input side must be a multiple of " + SIZE_STEP
                    + " of at least " + 4 * SIZE_STEP + " pixels, not " + size);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            PathUtils.deleteDirectory(p);
        }
    }
}
