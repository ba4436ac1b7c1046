package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Weight averaging: every weight the members' mean, tuned classifier layers included, runs from one start only. */
class WeightAverageTest {
    private static DarknetTiny darknet;

    @BeforeAll
    static void loadClassifier() throws Exception {
        darknet = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
    }

    /** Another run from {@code start}'s starting point: other weights, the same feature statistics. */
    static ModelExporter.Trained sibling(ModelExporter.Trained start, long seed) {
        return new ModelExporter.Trained(RandomColorizers.random(seed).weights(), start.featureMean(),
                start.featureStd());
    }

    @Test
    void everyWeightIsTheMeanOfTheMembersAndAnUntunedMemberBringsThePretrainedClassifier() {
        ModelExporter.Trained a = RandomColorizers.random(31);
        ModelExporter.Trained b = sibling(a, 32);
        // a tuned the classifier's top two layers away from their pretrained values; b did not tune them.
        Map<String, float[]> tunedA = new LinkedHashMap<>(a.weights());
        Random r = new Random(5);
        for (String name : DarknetTiny.tunedNames(2)) {
            float[] v = darknet.pretrained(name);
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) r.nextGaussian() * 0.01f;
            }
            tunedA.put(name, v);
        }
        a = new ModelExporter.Trained(tunedA, a.featureMean(), a.featureStd());
        ModelExporter.Trained c = sibling(a, 33);

        ModelExporter.Trained mean = WeightAverage.of(List.of(a, b, c), darknet);

        assertEquals(a.weights().keySet(), mean.weights().keySet(), "the colorizer's weights and a's tuned layers");
        for (var e : mean.weights().entrySet()) {
            float[] x = a.weights().get(e.getKey());
            float[] y = valueOf(b, e.getKey());
            float[] z = valueOf(c, e.getKey());
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = (x[i] + y[i] + z[i]) / 3;
            }
            assertArrayEquals(expected, e.getValue(), 1e-6f, e.getKey());
        }
        assertEquals(2, DarknetTiny.tunedLayerCount(mean.weights().keySet()));
        assertArrayEquals(a.featureMean(), mean.featureMean(), 0f);
    }

    /** What the member ran with: its own weight, or the pretrained classifier's for a layer it did not tune. */
    private static float[] valueOf(ModelExporter.Trained member, String name) {
        float[] v = member.weights().get(name);
        return v != null ? v : darknet.pretrained(name);
    }

    @Test
    void runsFromDifferentStartsAreRefused() {
        ModelExporter.Trained a = RandomColorizers.random(41);
        ModelExporter.Trained other = RandomColorizers.random(42); // its own feature statistics

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightAverage.of(List.of(a, other), darknet));
        assertTrue(e.getMessage().contains("member 2 standardizes the classifier's features unlike member 1"),
                e.getMessage());
    }

    @Test
    void aMemberOfAnotherShapeIsRefusedByName() {
        ModelExporter.Trained a = RandomColorizers.random(51);
        Map<String, float[]> w = new LinkedHashMap<>(sibling(a, 52).weights());
        String name = w.keySet().iterator().next();
        w.put(name, new float[3]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(
                List.of(a, new ModelExporter.Trained(w, a.featureMean(), a.featureStd())), darknet));
        assertTrue(e.getMessage().contains("member 2 has no weight " + name), e.getMessage());
    }
}
