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
     * As {@link #colorizeBatch(java.util.List, int, int)}, and also writes each frame's luminance as the model saw
     * it, at {@link #width()}×{@link #height()} (L*, 0–100), into {@code shrunk[i]}: a caller that needs it too (the
     * smoother) need not shrink the frame a second time. By default shrunk here for the caller, after colorizing.
     *
     * @param shrunk one array of width()·height() floats per frame, filled
     */
    default float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight, float[][] shrunk) {
        float[][] ab = colorizeBatch(lumas, lumaWidth, lumaHeight);
        for (int i = 0; i < lumas.size(); i++) {
            shrink(lumas.get(i), lumaWidth, lumaHeight, width(), height(), shrunk[i]);
        }
        return ab;
    }

    /** A frame's luminance (L codes) shrunk to {@code w}×{@code h} as the model's input is, in L* (0–100). */
    static void shrink(byte[] luma, int lumaWidth, int lumaHeight, int w, int h, float[] out) {
        LumaResizer.toModelInput(luma, lumaWidth, lumaHeight, out, 0, w, h);
        for (int k = 0; k < out.length; k++) {
            out[k] *= 100f; // the model's input is L* / 100
        }
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
