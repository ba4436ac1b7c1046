package io.colorstream.bench;

import io.colorstream.model.LumaResizer;
import io.colorstream.stream.ChromaSmoother;
import io.colorstream.stream.SmoothingSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Times what the colorize processor does per frame besides the model when smoothing is on: the frame's luminance
 * shrunk to the model's size (area averaging), {@link ChromaSmoother} on the model-size chroma, and the chroma
 * rounded to the bytes a colour frame carries. The processor's state-store round trip (the smoothing state packed
 * and written to RocksDB and its changelog) is Kafka's part and shows only in the end-to-end figure.
 *
 * <p>The luminance goes through {@link LumaResizer} (the model's input path, L* / 100, scaled to L*) because the
 * processor's own downscaler is internal to {@code io.colorstream.stream}; both are one area-averaging pass over
 * the frame.
 */
final class SmoothingStage {
    private static final int WARMUP_FRAMES = 20;

    private SmoothingStage() {
    }

    /**
     * @param chroma model a*, b* per pooled frame (chromaWidth·chromaHeight·2 floats); cycled like the frames
     * @param frames frames to time
     */
    static Result run(DecodedClip clip, List<float[]> chroma, int chromaWidth, int chromaHeight, int frames,
                      SmoothingSettings settings) throws Exception {
        int n = chromaWidth * chromaHeight;
        for (float[] ab : chroma) {
            if (ab == null || ab.length != 2 * n) {
                throw new IllegalArgumentException("chroma of a " + chromaWidth + "x" + chromaHeight + " model must"
                        + " hold " + 2 * n + " floats per frame");
            }
        }
        ChromaSmoother smoother = new ChromaSmoother(settings);
        int pool = clip.pool().size();
        byte[][] wire = new byte[pool][];
        float[][] luma = {new float[n], new float[n]};
        float[][] smoothed = {new float[2 * n], new float[2 * n]};
        StageResult timed = StageTimer.perFrame(Stage.SMOOTHING, WARMUP_FRAMES, frames, i -> {
            float[] currentL = luma[i & 1];
            float[] previousL = luma[(i + 1) & 1];
            float[] out = smoothed[i & 1];
            float[] previousAb = smoothed[(i + 1) & 1];
            LumaResizer.toModelInput(clip.luma(i), clip.width(), clip.height(), currentL, 0, chromaWidth,
                    chromaHeight);
            for (int k = 0; k < n; k++) {
                currentL[k] *= 100f; // L* / 100 → L*
            }
            float[] ab = chroma.get(i % chroma.size());
            if (i == 0) {
                System.arraycopy(ab, 0, out, 0, ab.length); // a shot's first frame has no past to blend with
            } else {
                smoother.smooth(previousAb, previousL, ab, currentL, out);
            }
            wire[i % pool] = quantize(out);
        });
        List<byte[]> bytes = new ArrayList<>(pool);
        for (byte[] b : wire) {
            bytes.add(b);
        }
        return new Result(timed, chromaWidth, chromaHeight, bytes);
    }

    /** a*, b* rounded and clamped to signed bytes: what a colour frame carries on the wire. */
    static byte[] quantize(float[] ab) {
        byte[] out = new byte[ab.length];
        for (int i = 0; i < ab.length; i++) {
            int q = Math.round(ab[i]);
            out[i] = (byte) (q < -128 ? -128 : Math.min(q, 127));
        }
        return out;
    }

    /**
     * @param chroma wire chroma per pooled frame, chromaWidth·chromaHeight·2 signed bytes
     */
    record Result(StageResult timing, int chromaWidth, int chromaHeight, List<byte[]> chroma) {
    }
}
