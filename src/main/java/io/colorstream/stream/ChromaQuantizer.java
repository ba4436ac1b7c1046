package io.colorstream.stream;

/**
 * Chroma on the wire: a* and b* rounded (half up) and clamped to a signed byte, [-128, 127]. Public so that
 * {@code quality.VideoEvaluation} scores the chroma the film path really delivers.
 */
public final class ChromaQuantizer {
    private ChromaQuantizer() {
    }

    public static byte[] quantize(float[] ab) {
        byte[] out = new byte[ab.length];
        for (int i = 0; i < ab.length; i++) {
            int q = Math.round(ab[i]); // NaN → 0
            out[i] = (byte) (q < -128 ? -128 : Math.min(q, 127));
        }
        return out;
    }
}
