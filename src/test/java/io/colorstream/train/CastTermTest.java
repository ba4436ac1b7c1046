package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The cast term scores each photo's mean chroma against the truth's, as the evaluation's "cast" does. */
class CastTermTest {
    private static final int PHOTOS = 3;

    @Test
    void castIsTheMeanPerPhotoDistanceOfMeanChromaAndEntersTheLossWithItsWeight() {
        int in = FusedColorizerNet.INPUT_SIZE;
        int out = FusedColorizerNet.OUTPUT_SIZE;
        int grid = TrainingImage.FEATURE_GRID;
        Random r = new Random(11);
        float[] gray = new float[PHOTOS * in * in];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = r.nextFloat();
        }
        float[] feats = new float[PHOTOS * grid * grid * DarknetTiny.FEATURE_CHANNELS];
        for (int i = 0; i < feats.length; i++) {
            feats[i] = (float) r.nextGaussian();
        }
        // Each photo a different tint, so the per-photo means differ from the batch's.
        float[] chroma = new float[PHOTOS * out * out * 2];
        for (int p = 0; p < PHOTOS; p++) {
            for (int i = 0; i < out * out; i++) {
                int at = (p * out * out + i) * 2;
                chroma[at] = 0.3f * (p - 1) + (r.nextFloat() - 0.5f) * 0.1f;
                chroma[at + 1] = -0.2f * p + (r.nextFloat() - 0.5f) * 0.1f;
            }
        }
        float[] mean = new float[DarknetTiny.FEATURE_CHANNELS];
        float[] std = new float[DarknetTiny.FEATURE_CHANNELS];
        Arrays.fill(std, 1f);
        float[] rebalance = new float[AbBins.COUNT];
        Arrays.fill(rebalance, 1f);

        float[] without = run(gray, feats, chroma, mean, std, rebalance, 0f);
        float[] with = run(gray, feats, chroma, mean, std, rebalance, 4f);
        // Same seed, same weights: the terms agree; the loss grows by exactly weight · cast.
        assertEquals(without[1], with[1], 1e-5);
        assertEquals(without[3], with[3], 1e-6);
        assertEquals(without[0] + 4f * with[3], with[0], 1e-4);
        // The graph's cast equals the distance computed here from its own expected chroma.
        assertEquals(with[4], with[3], 1e-4);
        assertTrue(with[3] > 0.05, "the tints differ from the untrained model's output: " + with[3]);
    }

    /** {loss, cross-entropy, l1, cast, cast recomputed from the expected chroma}. */
    private static float[] run(float[] gray, float[] feats, float[] chroma, float[] mean, float[] std,
                               float[] rebalance, float castWeight) {
        int in = FusedColorizerNet.INPUT_SIZE;
        int out = FusedColorizerNet.OUTPUT_SIZE;
        int grid = TrainingImage.FEATURE_GRID;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            TrainingGraph tg = new TrainingGraph(g, 3, mean, std, rebalance, 2f, null, 0f, castWeight);
            s.initialize();
            try (TFloat32 grayT = TFloat32.tensorOf(Shape.of(PHOTOS, in, in, 1), DataBuffers.of(gray, true, false));
                 TFloat32 featT = TFloat32.tensorOf(Shape.of(PHOTOS, grid, grid, DarknetTiny.FEATURE_CHANNELS),
                         DataBuffers.of(feats, true, false));
                 TFloat32 chromaT = TFloat32.tensorOf(Shape.of(PHOTOS, out, out, 2),
                         DataBuffers.of(chroma, true, false));
                 Result res = s.runner().feed(tg.gray, grayT).feed(tg.features, featT).feed(tg.chroma, chromaT)
                         .fetch(tg.loss).fetch(tg.crossEntropy).fetch(tg.l1).fetch(tg.cast)
                         .fetch(tg.expectedChroma).run()) {
                float[] expected = new float[PHOTOS * out * out * 2];
                ((TFloat32) res.get(4)).asRawTensor().data().asFloats().read(expected);
                double sum = 0;
                for (int p = 0; p < PHOTOS; p++) {
                    double da = 0;
                    double db = 0;
                    for (int i = 0; i < out * out; i++) {
                        int at = (p * out * out + i) * 2;
                        da += expected[at] - chroma[at];
                        db += expected[at + 1] - chroma[at + 1];
                    }
                    da /= out * out;
                    db /= out * out;
                    sum += Math.sqrt(da * da + db * db);
                }
                return new float[] {((TFloat32) res.get(0)).getFloat(), ((TFloat32) res.get(1)).getFloat(),
                    ((TFloat32) res.get(2)).getFloat(), ((TFloat32) res.get(3)).getFloat(), (float) (sum / PHOTOS)};
            }
        }
    }
}
