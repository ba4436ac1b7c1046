package io.colorstream.bench;

import io.colorstream.model.Colorizer;
import io.colorstream.model.SavedModelColorizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Times the model alone at its native size, on the clip's full-resolution frames: {@link Colorizer#colorize} one
 * frame per call, as the colorize topology calls it (this includes shrinking the frame to the model's input), and,
 * when the model is a {@link SavedModelColorizer}, {@link SavedModelColorizer#colorizeBatch} four frames per call.
 * The first TensorFlow calls are slow (graph optimization, memory pools) and each batch size is a new input shape,
 * so both are warmed up untimed.
 */
final class ModelStage {
    static final int BATCH = 4;
    private static final int WARMUP_CALLS = 3;

    private ModelStage() {
    }

    /**
     * @param frames frames to time per batch size
     */
    static Result run(Colorizer colorizer, DecodedClip clip, int frames) throws Exception {
        int w = clip.width();
        int h = clip.height();
        int pool = clip.pool().size();
        float[][] chroma = new float[pool][];
        StageResult single = StageTimer.perFrame(Stage.MODEL_BATCH_1, WARMUP_CALLS, frames, i -> {
            // Kept for the smoothing stage: real model chroma, frame by frame.
            chroma[i % pool] = colorizer.colorize(clip.luma(i), w, h);
        });
        Optional<StageResult> batched = Optional.empty();
        if (colorizer instanceof SavedModelColorizer model) {
            int calls = (frames + BATCH - 1) / BATCH;
            batched = Optional.of(StageTimer.perCall(Stage.MODEL_BATCH_4, WARMUP_CALLS, calls, BATCH, i -> {
                List<byte[]> batch = new ArrayList<>(BATCH);
                for (int k = 0; k < BATCH; k++) {
                    batch.add(clip.luma(i * BATCH + k));
                }
                model.colorizeBatch(batch, w, h);
            }));
        }
        return new Result(single, batched, colorizer.width(), colorizer.height(), Arrays.asList(chroma));
    }

    /**
     * @param chroma the model's a*, b* for each pooled frame (interleaved, chromaWidth·chromaHeight·2 floats)
     */
    record Result(StageResult single, Optional<StageResult> batched, int chromaWidth, int chromaHeight,
                  List<float[]> chroma) {
    }
}
