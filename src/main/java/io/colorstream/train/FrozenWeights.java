package io.colorstream.train;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Trained values as graph constants: the exported model needs no variables and no checkpoint. */
public final class FrozenWeights implements Weights {
    private final Ops tf;
    private final Map<String, float[]> values;

    public FrozenWeights(Ops tf, Map<String, float[]> values) {
        this.tf = tf;
        this.values = values;
    }

    @Override
    public Operand<TFloat32> get(String name, long[] shape, int fanIn) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trained weights lack " + name);
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (v.length != n) {
            throw new IllegalArgumentException("weight " + name + " has " + v.length + " values, shape needs " + n);
        }
        return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
    }
}
