package io.colorstream.stream;

/**
 * What the smoother remembers about a shot between two of its frames, in the colorize role's state store
 * (and so in its changelog topic): the last frame's sequence number, the smoothed chroma and the luminance at
 * model size.
 *
 * <p>Stored with the project's CBOR serde. The pixel planes are packed into {@code byte[]} fields on purpose:
 * CBOR writes a {@code byte[]} as one byte string (a block copy), whereas a {@code float[]} or {@code short[]}
 * would be written number by number, slower and with a type byte each. Values are 16-bit big-endian fixed
 * point, half the size of floats: a*, b* in steps of 1/{@value #AB_SCALE} (range ±256), L* in steps of
 * 1/{@value #LUMA_SCALE} (0..100). Both steps are far below what the 8-bit wire chroma and the fade-out
 * tolerance can tell apart, while 8-bit state would stall the moving average up to 0.5/(1 − weight) units
 * short of its target. At a 256×256 model a state is 384 KiB.
 *
 * <p>{@link #of} and the unpack methods are public so that {@code quality.VideoEvaluation} carries state from
 * frame to frame through the same fixed-point round trip as the state store.
 *
 * @param lastSeq sequence number of the frame this state was computed from
 * @param width   model width the planes were made at
 * @param height  model height the planes were made at
 * @param ab      smoothed a*, b* interleaved, width·height·2 int16 values
 * @param luma    L* at model size, width·height int16 values
 * @param updatedMillis wall-clock time it was written (0 in states written before it was kept, and outside
 *                      the store): what the expiry of abandoned shots goes by
 */
public record SmoothingState(long lastSeq, int width, int height, byte[] ab, byte[] luma, long updatedMillis) {
    static final int AB_SCALE = 128;
    static final int LUMA_SCALE = 256;

    public static SmoothingState of(long seq, int width, int height, float[] ab, float[] luma) {
        return of(seq, width, height, ab, luma, 0);
    }

    public static SmoothingState of(long seq, int width, int height, float[] ab, float[] luma, long updatedMillis) {
        return new SmoothingState(seq, width, height, pack(ab, AB_SCALE), pack(luma, LUMA_SCALE), updatedMillis);
    }

    /** Whether the planes are whole and made at this model size (a model swap leaves state of another size). */
    boolean matches(int modelWidth, int modelHeight) {
        int n = modelWidth * modelHeight;
        return width == modelWidth && height == modelHeight && ab != null && ab.length == 4 * n
                && luma != null && luma.length == 2 * n;
    }

    public void unpackAb(float[] out) {
        unpack(ab, AB_SCALE, out);
    }

    public void unpackLuma(float[] out) {
        unpack(luma, LUMA_SCALE, out);
    }

    /**
     * Writes into {@code out} the values {@code values} come back as after a pack and an unpack at {@code scale}
     * ({@value #AB_SCALE} for chroma, {@value #LUMA_SCALE} for luminance), without the bytes: what the colorize
     * processor carries from frame to frame in memory is then exactly what the store would give back. Packing the
     * result again gives the same bytes (the scales are powers of two). {@code out} may be {@code values}.
     */
    static void roundTrip(float[] values, int scale, float[] out) {
        float step = 1f / scale;
        for (int i = 0; i < values.length; i++) {
            int q = Math.round(values[i] * scale);
            q = q < Short.MIN_VALUE ? Short.MIN_VALUE : Math.min(q, Short.MAX_VALUE);
            out[i] = q * step;
        }
    }

    private static byte[] pack(float[] values, int scale) {
        byte[] out = new byte[values.length * 2];
        for (int i = 0, j = 0; i < values.length; i++, j += 2) {
            int q = Math.round(values[i] * scale);
            q = q < Short.MIN_VALUE ? Short.MIN_VALUE : Math.min(q, Short.MAX_VALUE);
            out[j] = (byte) (q >> 8);
            out[j + 1] = (byte) q;
        }
        return out;
    }

    private static void unpack(byte[] packed, int scale, float[] out) {
        float step = 1f / scale;
        for (int i = 0, j = 0; i < out.length; i++, j += 2) {
            out[i] = (short) ((packed[j] << 8) | (packed[j + 1] & 0xFF)) * step;
        }
    }
}
