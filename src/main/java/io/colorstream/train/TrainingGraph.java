package io.colorstream.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph: the fused network on prepared inputs, a loss that blends rebalanced cross-entropy over
 * soft-encoded chroma bins (vivid colours) with an L1 term on the expected chroma (keeps them plausible), and
 * Adam. TensorFlow Java has no gradient for the sparse cross-entropy op, so cross-entropy is built from
 * {@code logSoftmax}.
 */
public final class TrainingGraph {
    /** Soft-encoding width in units of 128: a Gaussian over bins ~one bin wide. */
    private static final float SOFT_SIGMA = 10f / 128f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;

    final Placeholder<TFloat32> gray;
    /** The input's side and the chroma's, which the batches fed to it must have. */
    final int inputSize;
    final int outputSize;
    final Placeholder<TFloat32> features;
    final Placeholder<TFloat32> chroma;
    final Placeholder<TFloat32> learningRate;
    final Placeholder<TFloat32> beta1Power;
    final Placeholder<TFloat32> beta2Power;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> crossEntropy;
    final Operand<TFloat32> l1;
    /** Each pixel's expected chroma under the predicted distribution, [pixels, 2], in units of 128 (a*, b* / 128). */
    final Operand<TFloat32> expectedChroma;
    /** Mean over the batch of the distance between a photo's mean expected chroma and its true mean chroma. */
    final Operand<TFloat32> cast;
    final List<Op> trainOps = new ArrayList<>();
    final TrainableWeights weights;
    final Variable<TInt64> step;
    final Op incrementStep;
    /** Per trainable weight, a placeholder and the op that assigns it: how a warm start loads exported weights. */
    final Map<String, Placeholder<TFloat32>> warmStartValues = new LinkedHashMap<>();
    final Map<String, Op> warmStartAssigns = new LinkedHashMap<>();

    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight) {
        this(graph, seed, featureMean, featureStd, rebalance, l1Weight, null, 0f, 0f);
    }

    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight, DarknetTiny classifier, float weightDecay) {
        this(graph, seed, featureMean, featureStd, rebalance, l1Weight, classifier, weightDecay, 0f);
    }

    /**
     * @param classifier when given, the graph computes the classifier features from {@code gray} itself (for
     *                   randomly cropped batches) and {@link #features} is null; otherwise they are fed
     * @param weightDecay decoupled weight decay (AdamW, Loshchilov &amp; Hutter 2019) of the convolution and dense
     *                    kernels: after each Adam step a kernel shrinks by learning rate · weightDecay; biases are
     *                    left alone. 0 for plain Adam.
     * @param castWeight  weight of the cast term. The per-pixel losses say nothing about a photo's overall tint:
     *                    small per-pixel leans towards one hue add up to a cast over the whole frame, the error a
     *                    viewer sees first. This term scores the whole photo's mean chroma, as the evaluation does.
     */
    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight, DarknetTiny classifier, float weightDecay, float castWeight) {
        this(graph, seed, featureMean, featureStd, rebalance, l1Weight, classifier, weightDecay, castWeight, 0, 1f);
    }

    /**
     * @param tunedClassifierLayers the classifier's top layers (below its features) trained with the colorizer,
     *                              starting from their pretrained values; 0 keeps the whole classifier frozen.
     *                              Needs {@code classifier} (the graph runs it).
     * @param classifierLrScale     their learning rate relative to the colorizer's: pretrained layers move slower
     *                              than fresh ones, and are not decayed towards zero
     */
    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight, DarknetTiny classifier, float weightDecay, float castWeight,
                         int tunedClassifierLayers, float classifierLrScale) {
        this(graph, seed, featureMean, featureStd, rebalance, l1Weight, classifier, weightDecay, castWeight,
                tunedClassifierLayers, classifierLrScale, FusedColorizerNet.INPUT_SIZE);
    }

    /** @param inputSize the input's side (the chroma is a quarter of it); other than 224 needs {@code classifier} */
    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight, DarknetTiny classifier, float weightDecay, float castWeight,
                         int tunedClassifierLayers, float classifierLrScale, int inputSize) {
        this(graph, seed, featureMean, featureStd, rebalance, l1Weight, classifier, weightDecay, castWeight,
                tunedClassifierLayers, classifierLrScale, inputSize, 0);
    }

    /** @param globalHidden width of the whole-picture path's hidden layer (0: none; {@link FusedColorizerNet}) */
    public TrainingGraph(Graph graph, long seed, float[] featureMean, float[] featureStd, float[] rebalance,
                         float l1Weight, DarknetTiny classifier, float weightDecay, float castWeight,
                         int tunedClassifierLayers, float classifierLrScale, int inputSize, int globalHidden) {
        if (inputSize != FusedColorizerNet.INPUT_SIZE && classifier == null) {
            throw new IllegalArgumentException("an input size other than " + FusedColorizerNet.INPUT_SIZE
                    + " needs the graph to run the classifier (cached features are the 224 picture's)");
        }
        if (tunedClassifierLayers < 0 || tunedClassifierLayers > DarknetTiny.FEATURE_LAYER) {
            throw new IllegalArgumentException("tuned classifier layers must be 0.." + DarknetTiny.FEATURE_LAYER
                    + ", got " + tunedClassifierLayers);
        }
        if (tunedClassifierLayers > 0 && classifier == null) {
            throw new IllegalArgumentException("tuning the classifier needs random crops (the graph runs the "
                    + "classifier; cached features cannot change)");
        }
        Ops tf = Ops.create(graph);
        int in = inputSize;
        int out = inputSize * FusedColorizerNet.OUTPUT_SIZE / FusedColorizerNet.INPUT_SIZE;
        int grid = TrainingImage.FEATURE_GRID;
        this.inputSize = in;
        this.outputSize = out;
        gray = tf.withName("gray").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, in, in, 1)));
        weights = new TrainableWeights(tf, seed);
        Operand<TFloat32> rawFeatures;
        if (classifier == null) {
            features = tf.withName("features").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, grid, grid, DarknetTiny.FEATURE_CHANNELS)));
            rawFeatures = features;
        } else {
            features = null;
            int first = tunedClassifierLayers == 0 ? DarknetTiny.NONE_TUNED
                    : DarknetTiny.FEATURE_LAYER - tunedClassifierLayers + 1;
            rawFeatures = classifier.build(tf, ColorizerGraph.grayToRgb(tf, gray), false, weights, first).features();
        }
        chroma = tf.withName("chroma").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, out, out, 2)));
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        Operand<TFloat32> logits = FusedColorizerNet.logits(tf, weights, gray,
                ColorizerGraph.standardize(tf, rawFeatures, featureMean, featureStd), globalHidden);

        // Soft targets: a Gaussian over bin centres around the true chroma of each pixel.
        Operand<TFloat32> target = tf.reshape(chroma, tf.constant(new int[] {-1, 1, 2}));           // [P,1,2]
        Operand<TFloat32> centers = tf.reshape(ColorizerGraph.centersConstant(tf),
                tf.constant(new int[] {1, AbBins.COUNT, 2}));                                       // [1,Q,2]
        Operand<TFloat32> d2 = tf.reduceSum(tf.math.squaredDifference(target, centers), tf.constant(2)); // [P,Q]
        Operand<TFloat32> soft = tf.nn.softmax(tf.math.mul(d2, tf.constant(-1f / (2f * SOFT_SIGMA * SOFT_SIGMA))));
        // Rebalancing weight of each pixel: the weight of its nearest bin.
        Operand<TFloat32> nearest = tf.oneHot(tf.math.argMax(soft, tf.constant(1)), tf.constant(AbBins.COUNT),
                tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> pixelWeight = tf.reduceSum(tf.math.mul(nearest, tf.constant(rebalance)), tf.constant(1));

        Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, AbBins.COUNT}));
        Operand<TFloat32> logP = tf.nn.logSoftmax(flatLogits);
        Operand<TFloat32> ce = tf.math.neg(tf.reduceSum(tf.math.mul(soft, logP), tf.constant(1)));   // [P]
        crossEntropy = tf.math.mean(tf.math.mul(ce, pixelWeight), tf.constant(0));

        Operand<TFloat32> expected = tf.linalg.matMul(tf.nn.softmax(flatLogits), ColorizerGraph.centersConstant(tf));
        expectedChroma = expected;
        Operand<TFloat32> truth = tf.reshape(chroma, tf.constant(new int[] {-1, 2}));
        l1 = tf.math.mean(tf.math.abs(tf.math.sub(expected, truth)), tf.constant(new int[] {0, 1}));
        // Per photo: mean chroma of the expectation and of the truth, [B,2]; their distance (ε keeps the gradient
        // of the norm finite at zero).
        Operand<TInt32> perPhoto = tf.constant(new int[] {-1, out * out, 2});
        Operand<TFloat32> meanOurs = tf.math.mean(tf.reshape(expected, perPhoto), tf.constant(1));
        Operand<TFloat32> meanTruth = tf.math.mean(tf.reshape(truth, perPhoto), tf.constant(1));
        cast = tf.math.mean(tf.math.sqrt(tf.math.add(tf.reduceSum(tf.math.squaredDifference(meanOurs, meanTruth),
                tf.constant(1)), tf.constant(1e-6f))), tf.constant(0));
        loss = tf.withName("loss").math.add(tf.math.add(crossEntropy, tf.math.mul(tf.constant(l1Weight), l1)),
                tf.math.mul(tf.constant(castWeight), cast));

        Map<String, Variable<TFloat32>> vars = weights.variables();
        List<Operand<?>> xs = new ArrayList<>(vars.values());
        Gradients grads = tf.gradients(loss, xs);
        int i = 0;
        for (Map.Entry<String, Variable<TFloat32>> e : vars.entrySet()) {
            String name = e.getKey();
            Variable<TFloat32> v = e.getValue();
            Variable<TFloat32> m = tf.withName(name + "_adam_m").variable(tf.zerosLike(v));
            Variable<TFloat32> s = tf.withName(name + "_adam_v").variable(tf.zerosLike(v));
            Operand<TFloat32> g = grads.<TFloat32>dy(i++);
            boolean pretrained = DarknetTiny.isTunedName(name);
            Operand<TFloat32> rate = pretrained ? tf.math.mul(learningRate, tf.constant(classifierLrScale))
                    : learningRate;
            Op adam = tf.train.applyAdam(v, m, s, beta1Power, beta2Power, rate,
                    tf.constant(BETA1), tf.constant(BETA2), tf.constant(1e-7f), g);
            trainOps.add(adam);
            if (weightDecay > 0 && name.endsWith("_w") && !pretrained) {
                // Read and shrink the kernel after the Adam step (both under the control dependency, so the
                // read cannot race the update): decoupled from the gradient's scale, as in AdamW.
                Ops after = tf.withControlDependencies(List.of(adam));
                trainOps.add(after.assignSub(v, after.math.mul(v, after.math.mul(learningRate,
                        after.constant(weightDecay)))));
            }
        }
        for (Map.Entry<String, Variable<TFloat32>> e : vars.entrySet()) {
            Placeholder<TFloat32> value = tf.withName(e.getKey() + "_warm_start").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(weights.shape(e.getKey()))));
            warmStartValues.put(e.getKey(), value);
            warmStartAssigns.put(e.getKey(), tf.assign(e.getValue(), value));
        }
        step = tf.withName("global_step").variable(tf.constant(0L));
        incrementStep = tf.assignAdd(step, tf.constant(1L));
    }

    static float beta1() {
        return BETA1;
    }

    static float beta2() {
        return BETA2;
    }

    /** Names and shapes of the trainable weights, in definition order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (String n : weights.names()) {
            m.put(n, weights.shape(n));
        }
        return m;
    }
}
