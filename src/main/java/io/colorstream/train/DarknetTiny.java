package io.colorstream.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * Darknet Tiny (the Darknet reference ImageNet classifier) rebuilt as TensorFlow ops from its TF.js weights.
 * Sixteen convolutions without bias, each followed by batch normalisation and LeakyReLU(0.1), four 2×2 max-pools,
 * a 1×1 convolution to 1000 classes and global average pooling. Batch normalisation is folded into the
 * convolutions at import (inference only: the classifier is frozen), so each block is one conv + bias.
 *
 * <p>Input: RGB / 255 at 224×224 (other sizes work: it is fully convolutional). Class order: {@code classes.json}.
 */
public final class DarknetTiny {
    /** conv index (1-based) → true when a 2×2 max-pool follows it. */
    private static final int[] POOL_AFTER = {1, 2, 6, 10};
    public static final int CONV_LAYERS = 16;
    /** The layer whose output the colorizer fuses: the 128-channel bottleneck right before the classes. */
    public static final int FEATURE_LAYER = 15;
    public static final int FEATURE_CHANNELS = 128;
    /** Total stride at the feature layer: 224 → 14. */
    public static final int FEATURE_STRIDE = 16;
    /** {@link #firstTunedLayer} of a colorizer that tunes no classifier layer. */
    public static final int NONE_TUNED = Integer.MAX_VALUE;

    private final float[][] kernels = new float[CONV_LAYERS][];
    private final long[][] kernelShapes = new long[CONV_LAYERS][];
    private final float[][] biases = new float[CONV_LAYERS][];
    private final List<String> classes;

    private DarknetTiny(Map<String, TfjsWeights.Weight> w, List<String> classes) {
        this.classes = classes;
        for (int i = 1; i <= CONV_LAYERS; i++) {
            TfjsWeights.Weight kernel = require(w, "conv2d_" + i + "/kernel");
            int out = (int) kernel.shape()[3];
            float[] k = kernel.values().clone();
            float[] bias = new float[out];
            if (i < CONV_LAYERS) {
                float[] gamma = require(w, "batch_normalization_" + i + "/gamma").values();
                float[] beta = require(w, "batch_normalization_" + i + "/beta").values();
                float[] mean = require(w, "batch_normalization_" + i + "/moving_mean").values();
                float[] var = require(w, "batch_normalization_" + i + "/moving_variance").values();
                float[] scale = new float[out];
                for (int c = 0; c < out; c++) {
                    scale[c] = (float) (gamma[c] / Math.sqrt(var[c] + 1e-3)); // Keras epsilon 0.001
                    bias[c] = beta[c] - mean[c] * scale[c];
                }
                for (int j = 0; j < k.length; j++) {
                    k[j] *= scale[j % out]; // HWIO: output channel varies fastest
                }
            } else {
                bias = require(w, "conv2d_" + i + "/bias").values().clone();
            }
            kernels[i - 1] = k;
            kernelShapes[i - 1] = kernel.shape();
            biases[i - 1] = bias;
        }
    }

    public static DarknetTiny load(Path dir) throws IOException {
        List<String> classes = new ObjectMapper().readValue(dir.resolve("classes.json").toFile(),
                new TypeReference<List<String>>() { });
        return new DarknetTiny(TfjsWeights.read(dir), classes);
    }

    private static TfjsWeights.Weight require(Map<String, TfjsWeights.Weight> w, String name) {
        TfjsWeights.Weight x = w.get(name);
        if (x == null) {
            throw new IllegalArgumentException("Darknet-tiny weights lack " + name);
        }
        return x;
    }

    public List<String> classes() {
        return classes;
    }

    /** Parameter count after folding (kernels + biases). */
    public long parameters() {
        long n = 0;
        for (int i = 0; i < CONV_LAYERS; i++) {
            n += kernels[i].length + biases[i].length;
        }
        return n;
    }

    /** The name under which a tuned layer's kernel is trained, checkpointed and exported. */
    public static String kernelName(int layer) {
        return "darknet" + layer + "_kernel";
    }

    /** The name under which a tuned layer's bias is trained, checkpointed and exported. */
    public static String biasName(int layer) {
        return "darknet" + layer + "_bias";
    }

    /** True for the name of a tuned classifier parameter (pretrained: neither decayed towards zero nor re-drawn). */
    public static boolean isTunedName(String name) {
        return name.startsWith("darknet");
    }

    /**
     * The first classifier layer whose parameters a trained colorizer carries ({@link #kernelName}), or
     * {@link #NONE_TUNED} when it uses the pretrained classifier throughout.
     */
    public static int firstTunedLayer(Set<String> weightNames) {
        for (int i = 1; i <= FEATURE_LAYER; i++) {
            if (weightNames.contains(kernelName(i))) {
                return i;
            }
        }
        return NONE_TUNED;
    }

    /** How many of the classifier's top layers a trained colorizer with these weights tuned (0: none). */
    public static int tunedLayerCount(Set<String> weightNames) {
        int first = firstTunedLayer(weightNames);
        return first == NONE_TUNED ? 0 : FEATURE_LAYER - first + 1;
    }

    /** The names of the parameters of the top {@code layers} classifier layers below the features, tuned together. */
    public static List<String> tunedNames(int layers) {
        List<String> names = new ArrayList<>();
        for (int i = FEATURE_LAYER - layers + 1; i <= FEATURE_LAYER; i++) {
            names.add(kernelName(i));
            names.add(biasName(i));
        }
        return names;
    }

    /** A layer's pretrained (folded) kernel or bias, by its tuned name; a copy. */
    float[] pretrained(String tunedName) {
        for (int i = 1; i <= CONV_LAYERS; i++) {
            if (tunedName.equals(kernelName(i))) {
                return kernels[i - 1].clone();
            }
            if (tunedName.equals(biasName(i))) {
                return biases[i - 1].clone();
            }
        }
        throw new IllegalArgumentException("no classifier parameter " + tunedName);
    }

    /** The two outputs the rest of the code wants. */
    public record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {
    }

    /**
     * Builds the classifier over {@code rgb} [N,H,W,3] in [0,1] as constants in the graph of {@code tf}.
     * Layers past {@link #FEATURE_LAYER} are built only when {@code withLogits}.
     */
    public Outputs build(Ops tf, Operand<TFloat32> rgb, boolean withLogits) {
        return build(tf, rgb, withLogits, null, NONE_TUNED);
    }

    /**
     * As {@link #build(Ops, Operand, boolean)}, but layers {@code firstTuned}…{@link #FEATURE_LAYER} take their
     * parameters from {@code tuned} (trainable variables starting from the pretrained values while training, the
     * trained constants when exporting): the classifier's top learns what predicts colour, which ImageNet's
     * classes do not teach it (the light of a scene, the tint of a room).
     */
    public Outputs build(Ops tf, Operand<TFloat32> rgb, boolean withLogits, Weights tuned, int firstTuned) {
        if (firstTuned != NONE_TUNED && (tuned == null || firstTuned < 1 || firstTuned > FEATURE_LAYER)) {
            throw new IllegalArgumentException("classifier layers from " + firstTuned + " cannot be tuned");
        }
        Ops scope = tf.withSubScope("darknet");
        Operand<TFloat32> x = rgb;
        Operand<TFloat32> features = null;
        int last = withLogits ? CONV_LAYERS : FEATURE_LAYER;
        for (int i = 1; i <= last; i++) {
            boolean tune = i >= firstTuned && i <= FEATURE_LAYER;
            Operand<TFloat32> k = tune ? tuned.get(kernelName(i), kernelShapes[i - 1], kernels[i - 1])
                    : scope.constant(Shape.of(kernelShapes[i - 1]), DataBuffers.of(kernels[i - 1], true, false));
            Operand<TFloat32> b = tune ? tuned.get(biasName(i), new long[] {biases[i - 1].length}, biases[i - 1])
                    : scope.constant(biases[i - 1]);
            x = scope.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME");
            x = scope.nn.biasAdd(x, b);
            if (i < CONV_LAYERS) {
                x = scope.nn.leakyRelu(x, LeakyRelu.alpha(0.1f));
            }
            if (isPooled(i)) {
                x = scope.nn.maxPool(x, scope.constant(new int[] {1, 2, 2, 1}), scope.constant(new int[] {1, 2, 2, 1}),
                        "SAME");
            }
            if (i == FEATURE_LAYER) {
                features = x;
            }
        }
        Operand<TFloat32> logits = withLogits ? scope.math.mean(x, scope.constant(new int[] {1, 2})) : null;
        return new Outputs(features, logits);
    }

    private static boolean isPooled(int layer) {
        for (int p : POOL_AFTER) {
            if (p == layer) {
                return true;
            }
        }
        return false;
    }
}
