package io.colorstream.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Runs a colorizer SavedModel (see docs: input {@code gray} [N,H,W,1] = L* / 100, output {@code ab} [N,H,W,2] =
 * a*,b* / 128) at its native size. Loaded once per process; a TensorFlow session is safe to share across threads.
 */
public final class SavedModelColorizer implements Colorizer {
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final ModelMetadata metadata;

    private SavedModelColorizer(SavedModelBundle bundle, ModelMetadata metadata) {
        this.bundle = bundle;
        this.metadata = metadata;
        this.function = bundle.function(metadata.signature());
    }

    public static SavedModelColorizer load(Path modelDir) {
        return load(modelDir, 0);
    }

    /**
     * @param threads cores one model call may use (TensorFlow's intra-op threads, and one inter-op thread); 0 =
     *                TensorFlow's default, all of them. Fewer lets other work (or a second stream thread with a
     *                model call of its own) have the rest instead of competing with the model's threads.
     */
    public static SavedModelColorizer load(Path modelDir, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("model threads must be 0 (all cores) or more, got " + threads);
        }
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("not a SavedModel: " + modelDir + " has no saved_model.pb");
        }
        SavedModelBundle.Loader loader = SavedModelBundle.loader(modelDir.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG);
        if (threads > 0) {
            loader = loader.withConfigProto(org.tensorflow.proto.ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1).build());
        }
        SavedModelBundle bundle = loader.load();
        try {
            return new SavedModelColorizer(bundle, metadata);
        } catch (RuntimeException e) {
            bundle.close();
            throw new IllegalArgumentException("model " + modelDir + " lacks signature '" + metadata.signature()
                    + "': " + e.getMessage(), e);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public int width() {
        return metadata.inputWidth();
    }

    @Override
    public int height() {
        return metadata.inputHeight();
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        return colorizeBatch(List.of(luma), lumaWidth, lumaHeight)[0];
    }

    /**
     * Colorizes several frames of one size in one session call (better use of the cores than one by one).
     *
     * @return per frame, interleaved a*, b* in CIELAB units at the model's native size
     */
    @Override
    public float[][] colorizeBatch(List<byte[]> lumas, int lumaWidth, int lumaHeight) {
        return colorizeBatch(lumas, lumaWidth, lumaHeight, null);
    }

    /** The frames are shrunk once, for the model; {@code shrunk} (if given) gets that input back, in L*. */
    @Override
    public float[][] colorizeBatch(List<byte[]> lumas, int lumaWidth, int lumaHeight, float[][] shrunk) {
        int n = lumas.size();
        int w = width();
        int h = height();
        int plane = w * h;
        float[] input = new float[n * plane];
        for (int i = 0; i < n; i++) {
            LumaResizer.toModelInput(lumas.get(i), lumaWidth, lumaHeight, input, i * plane, w, h);
            if (shrunk != null) {
                for (int k = 0, at = i * plane; k < plane; k++, at++) {
                    shrunk[i][k] = input[at] * 100f;
                }
            }
        }
        return run(input, n);
    }

    @Override
    public void warmUp(int... batchSizes) {
        for (int n : batchSizes) {
            if (n < 1) {
                throw new IllegalArgumentException("a batch holds at least one frame, got " + n);
            }
            float[] input = new float[n * width() * height()];
            java.util.Arrays.fill(input, 0.5f); // mid-gray: any values will do, the shapes are what counts
            run(input, n);
        }
    }

    /** Runs the model on prepared input: n planes of L* / 100 at the native size. */
    public float[][] run(float[] input, int n) {
        int plane = width() * height();
        float[][] out = new float[n][plane * 2];
        try (TFloat32 gray = TFloat32.tensorOf(Shape.of(n, height(), width(), 1), DataBuffers.of(input, true, false));
             Result result = function.call(Map.of(metadata.inputName(), gray))) {
            Tensor t = result.get(metadata.outputName())
                    .orElseThrow(() -> new IllegalStateException("model gave no '" + metadata.outputName() + "'"));
            TFloat32 ab = (TFloat32) t;
            float[] flat = new float[n * plane * 2];
            ab.asRawTensor().data().asFloats().read(flat);
            for (int i = 0; i < n; i++) {
                float[] o = out[i];
                int base = i * plane * 2;
                for (int k = 0; k < o.length; k++) {
                    o[k] = flat[base + k] * 128f;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
