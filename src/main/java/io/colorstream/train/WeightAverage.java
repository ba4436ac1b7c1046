package io.colorstream.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weight-by-weight mean of colorizers fine-tuned from one starting point (a "model soup", Wortsman et al.
 * 2022): one colorizer's cost to run, unlike the mean of their outputs. Runs that start from the same weights stay
 * in one basin of the loss, where the average of their weights is usually at least as good as each; runs from
 * different starts do not, and their average is meaningless, so members must standardize the classifier's
 * features alike (a warm start keeps the statistics of the model it starts from).
 *
 * <p>A member that tuned fewer classifier layers than another contributes those layers' pretrained values: that
 * is what it ran with.
 */
public final class WeightAverage {
    private WeightAverage() {
    }

    public static ModelExporter.Trained of(List<ModelExporter.Trained> members, DarknetTiny classifier) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("averaging needs at least two colorizers, got " + members.size());
        }
        ModelExporter.Trained first = members.get(0);
        TreeSet<String> tuned = new TreeSet<>();
        for (int i = 0; i < members.size(); i++) {
            ModelExporter.Trained m = members.get(i);
            if (!Arrays.equals(m.featureMean(), first.featureMean()) || !sameStd(m.featureStd(), first.featureStd())) {
                throw new IllegalArgumentException("member " + (i + 1) + " standardizes the classifier's features "
                        + "unlike member 1: weights can only be averaged between runs from one starting model");
            }
            m.weights().keySet().stream().filter(DarknetTiny::isTunedName).forEach(tuned::add);
        }
        // The colorizer's own weights: every member must have the same ones, of the same sizes.
        Map<String, float[]> sum = new LinkedHashMap<>();
        for (var e : first.weights().entrySet()) {
            if (!DarknetTiny.isTunedName(e.getKey())) {
                sum.put(e.getKey(), new float[e.getValue().length]);
            }
        }
        for (String name : tuned) {
            sum.put(name, new float[classifier.pretrained(name).length]);
        }
        for (int i = 0; i < members.size(); i++) {
            Map<String, float[]> w = members.get(i).weights();
            long own = w.keySet().stream().filter(n -> !DarknetTiny.isTunedName(n)).count();
            if (own != sum.size() - tuned.size()) {
                throw new IllegalArgumentException("member " + (i + 1) + " has " + own + " colorizer weights, member 1 "
                        + (sum.size() - tuned.size()) + ": not the same network");
            }
            for (var e : sum.entrySet()) {
                float[] v = w.get(e.getKey());
                if (v == null && tuned.contains(e.getKey())) {
                    v = classifier.pretrained(e.getKey());
                }
                if (v == null || v.length != e.getValue().length) {
                    throw new IllegalArgumentException("member " + (i + 1) + " has no weight " + e.getKey() + " of "
                            + e.getValue().length + " values: not the same network");
                }
                float[] acc = e.getValue();
                for (int k = 0; k < acc.length; k++) {
                    acc[k] += v[k];
                }
            }
        }
        float n = members.size();
        for (float[] acc : sum.values()) {
            for (int k = 0; k < acc.length; k++) {
                acc[k] /= n;
            }
        }
        return new ModelExporter.Trained(sum, first.featureMean(), first.featureStd());
    }

    /** Read back from an export, the standard deviation is 1/(1/std): equal to within an ulp or two. */
    private static boolean sameStd(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 4 * Math.ulp(Math.max(Math.abs(a[i]), Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }
}
