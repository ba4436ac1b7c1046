package io.colorstream.encode;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.ColorFrame;

/**
 * Turns a colour frame back into pixels: the frame's own full-resolution L* with its model-size chroma upsampled
 * to full size ({@link ChromaUpsampler}), converted to 8-bit sRGB in FFmpeg's BGR24 order through
 * {@link ColorSpace#labToBgr}. Resolution comes from L alone, so nothing is lost to the model's size.
 *
 * <p>The a*, b* planes and the BGR buffer are kept and reused while the frame size stays the same: the result
 * of {@link #toBgr(ColorFrame)} is only valid until the next call. Not thread-safe.
 */
public final class FrameRecombiner {
    private final ChromaUpsampler upsampler = new ChromaUpsampler();
    private float[] a = new float[0];
    private float[] b = new float[0];
    private byte[] bgr = new byte[0];

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
        upsampler.upsample(frame.chroma(), frame.chromaWidth(), frame.chromaHeight(), w, h, a, b);
        recombine(frame.luma(), a, b, n, bgr);
        return bgr;
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
            ColorSpace.labToBgr(ColorSpace.lOfCode(luma[i]), a[i], b[i], out, o);
        }
    }
}
