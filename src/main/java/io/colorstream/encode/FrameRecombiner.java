package io.colorstream.encode;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.ColorFrame;

/**
 * Turns a colour frame back into pixels: the frame's own full-resolution L* with its model-size chroma upsampled
 * to full size ({@link ChromaUpsampler}), converted to 8-bit sRGB in FFmpeg's BGR24 order through
 * {@link ColorSpace#lCodeToBgr}. Resolution comes from L alone, so nothing is lost to the model's size.
 *
 * <p>The a*, b* planes and the BGR buffer are kept and reused while the frame size stays the same: the result
 * of {@link #toBgr(ColorFrame)} is only valid until the next call. A large frame is done in bands at once. Not
 * thread-safe: one recombiner per caller.
 */
public final class FrameRecombiner {
    /** Below this many pixels a frame is done in one piece: handing bands to other threads costs more. */
    static final int BAND_MIN_PIXELS = 100_000;

    private final int bands;
    private final ChromaUpsampler[] upsamplers;
    private float[] a = new float[0];
    private float[] b = new float[0];
    private byte[] bgr = new byte[0];

    /** One band per core the JVM sees (at most 8). */
    public FrameRecombiner() {
        this(Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param bands horizontal bands a large frame is split into, done at once on the common fork-join pool: the
     *              work is per pixel and independent, so a frame's recombination takes about 1/bands of the time
     *              when cores are free (it is the encode role's largest cost in Java)
     */
    public FrameRecombiner(int bands) {
        if (bands < 1) {
            throw new IllegalArgumentException("at least one band, got " + bands);
        }
        this.bands = bands;
        this.upsamplers = new ChromaUpsampler[bands];
        for (int i = 0; i < bands; i++) {
            upsamplers[i] = new ChromaUpsampler();
        }
    }

    /** BGR24 bytes (width·height·3, rows packed) of the frame; the array is reused by the next call. */
    public byte[] toBgr(ColorFrame frame) {
        int w = frame.width();
        int h = frame.height();
        int n = w * h;
        if (a.length != n) {
            a = new float[n];
            b = new float[n];
            bgr = new byte[n * 3];
        }
        int k = n < BAND_MIN_PIXELS ? 1 : Math.min(bands, h);
        if (k == 1) {
            band(frame, 0, 0, h);
        } else {
            java.util.stream.IntStream.range(0, k).parallel().forEach(i -> band(frame, i, h * i / k, h * (i + 1) / k));
        }
        return bgr;
    }

    /** Rows {@code from}..{@code to} of the frame, with band {@code i}'s own upsampler. */
    private void band(ColorFrame frame, int i, int from, int to) {
        int w = frame.width();
        upsamplers[i].upsampleRows(frame.chroma(), frame.chromaWidth(), frame.chromaHeight(), w, frame.height(), a, b,
                from, to);
        byte[] luma = frame.luma();
        for (int p = from * w, end = to * w, o = 3 * p; p < end; p++, o += 3) {
            ColorSpace.lCodeToBgr(luma[p], a[p], b[p], bgr, o);
        }
    }

    /**
     * L codes plus full-size a*, b* → BGR24 into {@code out} (n·3 bytes).
     *
     * @param n pixel count
     */
    public static void recombine(byte[] luma, float[] a, float[] b, int n, byte[] out) {
        if (luma.length < n || a.length < n || b.length < n || out.length < 3 * n) {
            throw new IllegalArgumentException("planes too small for " + n + " pixels");
        }
        for (int i = 0, o = 0; i < n; i++, o += 3) {
            ColorSpace.lCodeToBgr(luma[i], a[i], b[i], out, o);
        }
    }
}
