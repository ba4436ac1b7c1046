package io.colorstream.bench;

/**
 * How long one stage took for a number of frames.
 *
 * @param nanos wall time of the timed part (warm-up excluded)
 */
public record StageResult(Stage stage, long frames, long nanos) {
    public StageResult {
        if (stage == null) {
            throw new IllegalArgumentException("a result needs its stage");
        }
        if (frames < 1) {
            throw new IllegalArgumentException(stage.label() + " timed no frames");
        }
        if (nanos < 1) {
            throw new IllegalArgumentException(stage.label() + " took no measurable time (" + nanos + " ns)");
        }
    }

    public double seconds() {
        return nanos / 1e9;
    }

    public double framesPerSecond() {
        return frames / seconds();
    }

    public double millisPerFrame() {
        return nanos / 1e6 / frames;
    }
}
