package io.colorstream.ingest;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** Decoded audio in whatever layout the grabber gives → interleaved signed 16-bit little-endian PCM. */
final class Pcm16 {
    private Pcm16() {
    }

    /**
     * @param samples one buffer (interleaved) or one per channel (planar), of shorts or floats in [-1, 1]
     * @return channels·n·2 bytes
     */
    static byte[] interleave(Buffer[] samples, int channels) {
        if (samples == null || samples.length == 0) {
            return new byte[0];
        }
        boolean planar = samples.length > 1;
        if (planar && samples.length != channels) {
            throw new IllegalArgumentException(samples.length + " audio planes for " + channels + " channels");
        }
        int perPlane = samples[0].limit() - samples[0].position();
        int total = planar ? perPlane * channels : perPlane;
        byte[] out = new byte[total * 2];
        ShortBuffer dst = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        if (!planar && samples[0] instanceof ShortBuffer s) {
            dst.put(s.duplicate()); // the common case (the grabber converts to S16): one bulk copy
            return out;
        }
        for (int i = 0; i < perPlane; i++) {
            for (int c = 0; c < (planar ? channels : 1); c++) {
                Buffer plane = samples[planar ? c : 0];
                int at = plane.position() + i;
                if (plane instanceof ShortBuffer s) {
                    dst.put(s.get(at));
                } else if (plane instanceof FloatBuffer f) {
                    dst.put(toShort(f.get(at)));
                } else {
                    throw new IllegalArgumentException("unsupported audio sample buffer "
                            + plane.getClass().getSimpleName() + " (expected 16-bit or float samples)");
                }
            }
        }
        return out;
    }

    private static short toShort(float v) {
        float s = v * 32767f;
        return (short) Math.max(-32768, Math.min(32767, Math.round(s)));
    }
}
