package io.colorstream.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Variables with He-normal initial values drawn from a seeded generator, so a run is reproducible. */
public final class TrainableWeights implements Weights {
    private final Ops tf;
    private final Random random;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public TrainableWeights(Ops tf, long seed) {
        this.tf = tf;
        this.random = new Random(seed);
    }

    @Override
    public Operand<TFloat32> get(String name, long[] shape, float[] initial) {
        if (initial.length != Shape.of(shape).size()) {
            throw new IllegalArgumentException("weight " + name + " starts from " + initial.length
                    + " values, shape needs " + Shape.of(shape).size());
        }
        return variable(name, shape, initial.clone());
    }

    @Override
    public Operand<TFloat32> get(String name, long[] shape, int fanIn) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] init = new float[n];
        if (fanIn > 0) {
            // He initialisation for LeakyReLU(0.1): std = sqrt(2 / ((1 + 0.01) · fanIn)).
            double std = Math.sqrt(2.0 / (1.01 * fanIn));
            for (int i = 0; i < n; i++) {
                double g;
                do {
                    g = random.nextGaussian();
                } while (Math.abs(g) > 2.0); // truncated normal
                init[i] = (float) (g * std);
            }
        }
        return variable(name, shape, init);
    }

    private Variable<TFloat32> variable(String name, long[] shape, float[] init) {
        if (variables.containsKey(name)) {
            throw new IllegalStateException("weight defined twice: " + name);
        }
        Variable<TFloat32> v = tf.withName(name).variable(
                tf.withName(name + "_init").constant(Shape.of(shape), DataBuffers.of(init, true, false)));
        variables.put(name, v);
        shapes.put(name, shape);
        return v;
    }

    public Map<String, Variable<TFloat32>> variables() {
        return variables;
    }

    public long[] shape(String name) {
        return shapes.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(variables.keySet());
    }

    public long parameters() {
        long n = 0;
        for (long[] s : shapes.values()) {
            long k = 1;
            for (long d : s) {
                k *= d;
            }
            n += k;
        }
        return n;
    }
}
