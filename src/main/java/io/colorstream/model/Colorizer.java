package io.colorstream.model;

/**
 * Predicts chroma for a luminance plane. Implementations run a model at its native size; callers pass
 * full-resolution luminance and get chroma back at {@link #width()}×{@link #height()}.
 * Safe to call from several threads (a TensorFlow session is).
 */
public interface Colorizer extends AutoCloseable {
    /** Native input width of the model. */
    int width();

    /** Native input height of the model. */
    int height();

    /**
     * @param luma   L* codes (round(L*·255/100)), row-major, lumaWidth·lumaHeight bytes
     * @return interleaved a*, b* in CIELAB units (roughly [-128, 127]), width()·height()·2 floats
     */
    float[] colorize(byte[] luma, int lumaWidth, int lumaHeight);

    /**
     * Several frames of one size at once; a model that can run them in one call is faster per frame (the bench's
     * "model, batch 4" row). By default one call per frame.
     *
     * @return per frame, as {@link #colorize}
     */
    default float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight) {
        float[][] out = new float[lumas.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = colorize(lumas.get(i), lumaWidth, lumaHeight);
        }
        return out;
    }

    /**
     * Runs the model once per batch size on a blank frame so that the first frame of a film does not pay for the
     * model's preparation (TensorFlow optimizes its graph and allocates on the first call of each input shape: about
     * a second on two cores). By default nothing: a colorizer without that cost has nothing to prepare.
     *
     * @param batchSizes the numbers of frames per call the caller will use
     */
    default void warmUp(int... batchSizes) {
    }

    @Override
    void close();
}
