package io.colorstream.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Graph pieces shared by training, feature precomputation and export, so all three compute the same thing. */
public final class ColorizerGraph {
    private ColorizerGraph() {
    }

    /**
     * L* / 100 → the sRGB gray the classifier expects (RGB / 255, R = G = B): the exact inverse of CIELAB's
     * lightness followed by the sRGB transfer curve.
     */
    public static Operand<TFloat32> grayToRgb(Ops tf, Operand<TFloat32> gray) {
        Operand<TFloat32> t = tf.math.div(tf.math.add(tf.math.mul(gray, tf.constant(100f)), tf.constant(16f)),
                tf.constant(116f));
        Operand<TFloat32> cube = tf.math.mul(tf.math.mul(t, t), t);
        Operand<TFloat32> linearPart = tf.math.div(tf.math.sub(tf.math.mul(t, tf.constant(116f)), tf.constant(16f)),
                tf.constant(24389f / 27f));
        Operand<TFloat32> y = tf.select(tf.math.greater(t, tf.constant(6f / 29f)), cube, linearPart);
        y = tf.math.maximum(y, tf.constant(0f));
        Operand<TFloat32> curve = tf.math.sub(tf.math.mul(tf.constant(1.055f),
                tf.math.pow(tf.math.maximum(y, tf.constant(1e-8f)), tf.constant(1f / 2.4f))), tf.constant(0.055f));
        Operand<TFloat32> srgb = tf.select(tf.math.greater(y, tf.constant(0.0031308f)), curve,
                tf.math.mul(y, tf.constant(12.92f)));
        srgb = tf.math.minimum(tf.math.maximum(srgb, tf.constant(0f)), tf.constant(1f));
        return tf.concat(java.util.List.of(srgb, srgb, srgb), tf.constant(3));
    }

    /** Per-channel standardisation of the classifier features with statistics measured on the training set. */
    public static Operand<TFloat32> standardize(Ops tf, Operand<TFloat32> features, float[] mean, float[] std) {
        float[] inv = new float[std.length];
        for (int i = 0; i < std.length; i++) {
            inv[i] = 1f / Math.max(std[i], 1e-3f);
        }
        return tf.math.mul(tf.math.sub(features, tf.constant(mean)), tf.constant(inv));
    }

    /** Probability over bins → expected chroma: [N,h,w,Q] · centres[Q,2] → [N,h,w,2] (units of 128). */
    public static Operand<TFloat32> expectedChroma(Ops tf, Operand<TFloat32> probabilities, int h, int w) {
        Operand<TFloat32> flat = tf.reshape(probabilities, tf.constant(new int[] {-1, AbBins.COUNT}));
        Operand<TFloat32> ab = tf.linalg.matMul(flat, centersConstant(tf));
        return tf.reshape(ab, tf.constant(new int[] {-1, h, w, 2}));
    }

    /** Annealed mean (Zhang et al. 2016): softmax(logits / T), then the expectation over bin centres. */
    public static Operand<TFloat32> annealedMean(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> temperature,
                                                 int h, int w) {
        Operand<TFloat32> p = tf.nn.softmax(tf.reshape(tf.math.div(logits, temperature),
                tf.constant(new int[] {-1, AbBins.COUNT})));
        return expectedChroma(tf, p, h, w);
    }

    public static Operand<TFloat32> centersConstant(Ops tf) {
        float[][] c = AbBins.centers();
        float[] flat = new float[c.length * 2];
        for (int i = 0; i < c.length; i++) {
            flat[2 * i] = c[i][0];
            flat[2 * i + 1] = c[i][1];
        }
        return tf.constant(Shape.of(AbBins.COUNT, 2), DataBuffers.of(flat, true, false));
    }
}
