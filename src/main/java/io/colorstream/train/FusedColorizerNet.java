package io.colorstream.train;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The fused colorizer: a strided CNN encoder over the luminance, the classifier's 14×14×128 bottleneck features
 * fused into the encoder's 14×14 grid (spatially, by a 1×1 convolution, and globally, by their average through
 * a dense layer broadcast over the grid), and a decoder with skip connections back to 56×56 that scores each
 * pixel over {@link AbBins#COUNT} chroma bins.
 *
 * <p>Fusion as sums of 1×1 convolutions is the same function as concatenation followed by one 1×1 convolution,
 * without materialising the tiled embedding.
 *
 * <p>Optionally ({@code globalHidden} &gt; 0) the whole-picture path also has a hidden layer over the features'
 * mean and spread, added to the linear projection through an output layer that starts at zero: a picture's
 * overall colour (its cast) may be a nonlinear function of what it shows, and a warm start from a model without
 * the layer begins as that model.
 */
public final class FusedColorizerNet {
    public static final int INPUT_SIZE = 224;
    public static final int OUTPUT_SIZE = 56;
    /** The hidden layer's bias: its presence among trained weights, and its length, give the layer's width. */
    public static final String GLOBAL_HIDDEN_BIAS = "fuse_hidden_b";
    private static final String GLOBAL_HIDDEN_PREFIX = "fuse_hidden";

    private final Ops tf;
    private final Weights w;

    private final int globalHidden;

    private FusedColorizerNet(Ops tf, Weights w, int globalHidden) {
        this.tf = tf;
        this.w = w;
        this.globalHidden = globalHidden;
    }

    /**
     * @param gray     [N,224,224,1] L* / 100
     * @param features [N,14,14,128] Darknet layer-15 features, already standardised
     * @return logits [N,56,56,Q]
     */
    public static Operand<TFloat32> logits(Ops tf, Weights w, Operand<TFloat32> gray, Operand<TFloat32> features) {
        return logits(tf, w, gray, features, 0);
    }

    /** @param globalHidden width of the whole-picture path's hidden layer; 0 = none (the linear projection only) */
    public static Operand<TFloat32> logits(Ops tf, Weights w, Operand<TFloat32> gray, Operand<TFloat32> features,
                                           int globalHidden) {
        if (globalHidden < 0) {
            throw new IllegalArgumentException("the global hidden layer's width must be 0 or more, got "
                    + globalHidden);
        }
        return new FusedColorizerNet(tf.withSubScope("colorizer"), w, globalHidden).build(gray, features);
    }

    /** The width of the hidden layer a set of trained weights has (0: none). */
    public static int globalHiddenOf(Map<String, float[]> trained) {
        float[] b = trained.get(GLOBAL_HIDDEN_BIAS);
        return b == null ? 0 : b.length;
    }

    /** Whether a weight belongs to the optional hidden layer (a warm start from a model without it skips it). */
    public static boolean isGlobalHiddenName(String name) {
        return name.startsWith(GLOBAL_HIDDEN_PREFIX);
    }

    private Operand<TFloat32> build(Operand<TFloat32> gray, Operand<TFloat32> features) {
        Operand<TFloat32> x = tf.math.sub(gray, tf.constant(0.5f));
        Operand<TFloat32> e1 = act(conv("e1", x, 3, 1, 16, 2));            // 112
        Operand<TFloat32> e2 = act(conv("e2a", e1, 3, 16, 32, 2));         // 56
        e2 = act(conv("e2b", e2, 3, 32, 32, 1));
        Operand<TFloat32> e3 = act(conv("e3a", e2, 3, 32, 64, 2));         // 28
        e3 = act(conv("e3b", e3, 3, 64, 64, 1));
        Operand<TFloat32> e4 = act(conv("e4a", e3, 3, 64, 128, 2));        // 14
        e4 = act(conv("e4b", e4, 3, 128, 128, 1));

        Operand<TFloat32> global = tf.math.mean(features, tf.constant(new int[] {1, 2}));  // [N,128]
        Operand<TFloat32> globalProj = tf.math.add(
                tf.linalg.matMul(global, w.get("fuse_global_w", new long[] {128, 128}, 128)),
                w.get("fuse_global_b", new long[] {128}, 0));
        if (globalHidden > 0) {
            globalProj = tf.math.add(globalProj, hidden(features, global));
        }
        Operand<TFloat32> fused = tf.math.add(
                tf.math.add(conv("fuse_enc", e4, 1, 128, 128, 1), convNoBias("fuse_cls", features, 1, 128, 128)),
                tf.reshape(globalProj, tf.constant(new int[] {-1, 1, 1, 128})));
        Operand<TFloat32> mid = act(conv("mid", act(fused), 3, 128, 128, 1));

        Operand<TFloat32> d3 = act(tf.math.add(conv("d3_up", up(mid), 1, 128, 64, 1), convNoBias("d3_skip", e3, 1, 64, 64)));
        d3 = act(conv("d3b", d3, 3, 64, 64, 1));                           // 28
        Operand<TFloat32> d2 = act(tf.math.add(conv("d2_up", up(d3), 1, 64, 32, 1), convNoBias("d2_skip", e2, 1, 32, 32)));
        d2 = act(conv("d2b", d2, 3, 32, 32, 1));                           // 56
        return conv("head", d2, 1, 32, AbBins.COUNT, 1);
    }

    /** Mean and spread of the features over the grid → hidden layer → 128, the output layer starting at zero. */
    private Operand<TFloat32> hidden(Operand<TFloat32> features, Operand<TFloat32> mean) {
        Operand<TFloat32> centred = tf.math.sub(features, tf.reshape(mean, tf.constant(new int[] {-1, 1, 1, 128})));
        Operand<TFloat32> spread = tf.math.sqrt(tf.math.add(
                tf.math.mean(tf.math.square(centred), tf.constant(new int[] {1, 2})), tf.constant(1e-6f)));
        Operand<TFloat32> stats = tf.concat(List.of(mean, spread), tf.constant(1));                     // [N,256]
        Operand<TFloat32> h = act(tf.math.add(
                tf.linalg.matMul(stats, w.get(GLOBAL_HIDDEN_PREFIX + "_w", new long[] {256, globalHidden}, 256)),
                w.get(GLOBAL_HIDDEN_BIAS, new long[] {globalHidden}, 0)));
        // fanIn 0: zeros, so the layer adds nothing until it has learnt something.
        return tf.linalg.matMul(h, w.get(GLOBAL_HIDDEN_PREFIX + "_out_w", new long[] {globalHidden, 128}, 0));
    }

    private Operand<TFloat32> conv(String name, Operand<TFloat32> in, int k, int cin, int cout, int stride) {
        Operand<TFloat32> y = convNoBias(name, in, k, cin, cout, stride);
        return tf.nn.biasAdd(y, w.get(name + "_b", new long[] {cout}, 0));
    }

    private Operand<TFloat32> convNoBias(String name, Operand<TFloat32> in, int k, int cin, int cout) {
        return convNoBias(name, in, k, cin, cout, 1);
    }

    private Operand<TFloat32> convNoBias(String name, Operand<TFloat32> in, int k, int cin, int cout, int stride) {
        Operand<TFloat32> kernel = w.get(name + "_w", new long[] {k, k, cin, cout}, k * k * cin);
        return tf.nn.conv2d(in, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    }

    private Operand<TFloat32> act(Operand<TFloat32> x) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha(0.1f));
    }

    private Operand<TFloat32> up(Operand<TFloat32> x) {
        // Nearest ×2: cheap, and its gradient is registered in TensorFlow's C++ gradient table.
        org.tensorflow.ndarray.Shape s = x.shape();
        int h = (int) s.get(1) * 2;
        int wd = (int) s.get(2) * 2;
        return tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {h, wd}));
    }
}
