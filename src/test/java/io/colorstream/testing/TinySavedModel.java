package io.colorstream.testing;

import io.colorstream.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a real but tiny colorizer SavedModel with the project's contract ({@code gray} [N,H,W,1] → {@code ab}
 * [N,H,W,2], plus {@code colorizer.json}), so tests can load it through {@code SavedModelColorizer} in
 * milliseconds. Its chroma is a fixed function of the luminance: a/128 = 0.5·(L/100) − 0.25, b/128 = 0.1.
 */
public final class TinySavedModel {
    private TinySavedModel() {
    }

    /** Writes the model into {@code dir} (which must not exist yet or be empty) and returns {@code dir}. */
    public static Path write(Path dir, int width, int height) throws IOException {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> gray = tf.withName("gray").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, height, width, 1)));
            Operand<TFloat32> a = tf.math.sub(tf.math.mul(gray, tf.constant(0.5f)), tf.constant(0.25f));
            Operand<TFloat32> b = tf.math.add(tf.math.mul(gray, tf.constant(0f)), tf.constant(0.1f));
            Operand<TFloat32> ab = tf.withName("ab").concat(List.of(a, b), tf.constant(3));
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input("gray", gray).output("ab", ab)
                    .build();
            SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(signature).export();
        }
        new ModelMetadata(ModelMetadata.FORMAT_VERSION, "tiny-test", "0", width, height, "gray", "ab",
                Signature.DEFAULT_KEY, 1.0, Map.of()).write(dir);
        return dir;
    }
}
