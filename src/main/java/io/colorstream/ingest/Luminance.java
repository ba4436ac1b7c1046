package io.colorstream.ingest;

import io.colorstream.model.ColorSpace;
import java.nio.ByteBuffer;

/** Turns decoded BGR24 pictures into L codes, the luminance every frame record carries. */
final class Luminance {
    /** L code of each gray level: black-and-white film decodes to R = G = B, so one lookup per pixel. */
    private static final byte[] GRAY_TO_LCODE = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            GRAY_TO_LCODE[v] = ColorSpace.lCodeOfGray(v);
        }
    }

    private byte[] row = new byte[0];

    /**
     * Converts one picture. Exact: gray pixels take the table of {@link ColorSpace#lCodeOfGray}, which is
     * {@link ColorSpace#lCodeOfSrgb} with R = G = B; coloured pixels (a colour source, or tinted film) take
     * {@link ColorSpace#lCodeOfSrgb}.
     *
     * @param bgr    packed B, G, R bytes, {@code stride} bytes per row (read with absolute gets)
     * @param out    width·height L codes
     */
    void fromBgr24(ByteBuffer bgr, int stride, int width, int height, byte[] out) {
        int rowBytes = width * 3;
        if (row.length < rowBytes) {
            row = new byte[rowBytes];
        }
        byte[] r0 = row;
        int o = 0;
        for (int y = 0; y < height; y++) {
            bgr.get(y * stride, r0, 0, rowBytes); // bulk copy: far cheaper than per-byte gets on a direct buffer
            for (int i = 0; i < rowBytes; i += 3) {
                byte b = r0[i];
                byte g = r0[i + 1];
                byte r = r0[i + 2];
                out[o++] = (b == g && g == r) ? GRAY_TO_LCODE[g & 0xFF] : ColorSpace.lCodeOfSrgb(r, g, b);
            }
        }
    }
}
