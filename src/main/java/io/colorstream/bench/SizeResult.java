package io.colorstream.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of one frame size.
 *
 * @param stages            what was timed; a stage that was not (batch 4 of a model without batches) is absent
 * @param firstFrameSeconds end to end: from starting the roles to the first colorized frame; NaN when unknown
 * @param notes             checks worth reading beside the figures (shots found, frames in the colour film)
 */
public record SizeResult(int width, int height, Map<Stage, StageResult> stages, double firstFrameSeconds,
                         List<String> notes) {

    private static final int[] NAMED_HEIGHTS = {360, 480, 540, 720, 1080, 1440, 2160};

    public SizeResult {
        EnumMap<Stage, StageResult> copy = new EnumMap<>(Stage.class);
        for (Map.Entry<Stage, StageResult> e : stages.entrySet()) {
            if (e.getValue().stage() != e.getKey()) {
                throw new IllegalArgumentException("the result of " + e.getValue().stage().label() + " is filed under "
                        + e.getKey().label());
            }
            copy.put(e.getKey(), e.getValue());
        }
        stages = copy;
        notes = List.copyOf(notes);
    }

    public Optional<StageResult> stage(Stage stage) {
        return Optional.ofNullable(stages.get(stage));
    }

    /**
     * End-to-end frames per second over the model's alone at batch 1: how much of the model's speed survives the
     * flow. Empty when either is missing.
     */
    public OptionalDouble endToEndOverModel() {
        StageResult e2e = stages.get(Stage.END_TO_END);
        StageResult model = stages.get(Stage.MODEL_BATCH_1);
        return e2e == null || model == null ? OptionalDouble.empty()
                : OptionalDouble.of(e2e.framesPerSecond() / model.framesPerSecond());
    }

    /** As {@link #endToEndOverModel()}, for the flow after its first frame (without the start-up). */
    public OptionalDouble steadyOverModel() {
        StageResult steady = stages.get(Stage.END_TO_END_STEADY);
        StageResult model = stages.get(Stage.MODEL_BATCH_1);
        return steady == null || model == null ? OptionalDouble.empty()
                : OptionalDouble.of(steady.framesPerSecond() / model.framesPerSecond());
    }

    /**
     * The speed the stages would reach one after another on the same cores, each at its speed alone: decode, the
     * model at batch 4 (as colorize calls it; batch 1 where there is no batch 4), smoothing, recombine + encode.
     * Each timed alone already uses every core it can, so this is about what the whole flow could reach with
     * nothing between the stages: the yardstick for its overhead (Kafka, copies, the collector). Empty when a
     * stage is missing.
     */
    public OptionalDouble stagesInSeries() {
        StageResult model = stages.getOrDefault(Stage.MODEL_BATCH_4, stages.get(Stage.MODEL_BATCH_1));
        double seconds = 0;
        for (StageResult r : new StageResult[] {stages.get(Stage.DECODE), model, stages.get(Stage.SMOOTHING),
                stages.get(Stage.RECOMBINE_ENCODE)}) {
            if (r == null) {
                return OptionalDouble.empty();
            }
            seconds += 1 / r.framesPerSecond();
        }
        return OptionalDouble.of(1 / seconds);
    }

    /** End to end over {@link #stagesInSeries()}: the share of the stages' own speed the flow keeps. */
    public OptionalDouble endToEndOverStages() {
        StageResult e2e = stages.get(Stage.END_TO_END);
        OptionalDouble series = stagesInSeries();
        return e2e == null || series.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(e2e.framesPerSecond() / series.getAsDouble());
    }

    /** {@code 1080p (1920x1080)} for the usual 16:9 sizes, else {@code 640x480}. */
    public String label() {
        return label(width, height);
    }

    /** As {@link #label()}, for any size. */
    public static String label(int width, int height) {
        String size = width + "x" + height;
        for (int h : NAMED_HEIGHTS) {
            if (h == height && width == (int) Math.round(h * 16 / 9.0 / 2) * 2) {
                return h + "p (" + size + ")";
            }
        }
        return size;
    }
}
