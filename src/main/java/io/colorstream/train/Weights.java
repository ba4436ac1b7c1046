package io.colorstream.train;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Where the colorizer network gets its parameters: trainable variables while training, frozen constants when
 * exporting. The network is built by the same code in both cases, so the exported graph is the trained one.
 */
public interface Weights {
    /**
     * @param name   stable name (checkpoint key)
     * @param shape  tensor shape
     * @param fanIn  inputs per output unit, for He initialisation; 0 for zeros (biases)
     */
    Operand<TFloat32> get(String name, long[] shape, int fanIn);

    /**
     * A parameter that starts from known values rather than a random draw: a pretrained layer tuned with the
     * colorizer. Frozen weights ignore {@code initial} and give their trained values.
     */
    default Operand<TFloat32> get(String name, long[] shape, float[] initial) {
        return get(name, shape, 0);
    }
}
