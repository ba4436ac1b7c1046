package io.colorstream.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;

/** Colorizers with random weights and feature statistics: exports to compare without training one. */
public final class RandomColorizers {
    private RandomColorizers() {
    }

    public static ModelExporter.Trained random(long seed) {
        Random r = new Random(seed);
        Map<String, float[]> weights = new LinkedHashMap<>();
        float[] mean = new float[DarknetTiny.FEATURE_CHANNELS];
        float[] std = new float[DarknetTiny.FEATURE_CHANNELS];
        for (int i = 0; i < std.length; i++) {
            mean[i] = (float) (r.nextGaussian() * 0.1);
            std[i] = 0.5f + r.nextFloat();
        }
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, 3, mean, std, new float[AbBins.COUNT], 1f);
            for (Map.Entry<String, long[]> e : tg.shapes().entrySet()) {
                long n = 1;
                for (long d : e.getValue()) {
                    n *= d;
                }
                float[] v = new float[(int) n];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextGaussian() * 0.05);
                }
                weights.put(e.getKey(), v);
            }
        }
        return new ModelExporter.Trained(weights, mean, std);
    }
}
