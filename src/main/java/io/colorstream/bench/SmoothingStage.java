package io.colorstream.bench;

import io.colorstream.model.Colorizer;
import io.colorstream.stream.ChromaSmoother;
import io.colorstream.stream.SmoothingSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Times what the colorize processor does per frame besides the model when smoothing is on: {@link ChromaSmoother}
 * on the model-size chroma and the chroma rounded to the bytes a colour frame carries. The luminance it compares is
 * the model's own input, shrunk once for both ({@code Colorizer#colorizeBatch} with {@code shrunk}), so it is made
 * before the clock starts, and its cost is in the model's row. The processor's state-store round trip (the
 * smoothing state packed and written to RocksDB and its changelog) is Kafka's part and shows only in the end-to-end
 * figure.
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
        float[][] luma = new float[pool][n];
        for (int p = 0; p < pool; p++) {
            Colorizer.shrink(clip.pool().get(p), clip.width(), clip.height(), chromaWidth, chromaHeight, luma[p]);
        }
        float[][] smoothed = {new float[2 * n], new float[2 * n]};
        StageResult timed = StageTimer.perFrame(Stage.SMOOTHING, WARMUP_FRAMES, frames, i -> {
            float[] currentL = luma[i % pool];
            float[] previousL = luma[(i + pool - 1) % pool];
            float[] out = smoothed[i & 1];
            float[] previousAb = smoothed[(i + 1) & 1];
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
