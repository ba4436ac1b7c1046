package io.colorstream.bench;

/**
 * Times a stage: either frame by frame after some untimed warm-up frames (work that can be repeated: the model,
 * smoothing), or as one whole pass (work that is a pass over a file: decoding, encoding, the Kafka flow).
 * Wall-clock time ({@link System#nanoTime()}), because what a user waits for is wall time, whatever the threads.
 */
final class StageTimer {

    /** One frame's work; {@code frame} counts from 0 over warm-up and timed frames alike. */
    @FunctionalInterface
    interface FrameWork {
        void run(int frame) throws Exception;
    }

    /** A whole pass; returns the number of frames it did. */
    @FunctionalInterface
    interface Pass {
        long run() throws Exception;
    }

    private StageTimer() {
    }

    /** Runs {@code warmup} frames untimed, then {@code frames} frames timed (frame numbers go on from warm-up). */
    static StageResult perFrame(Stage stage, int warmup, int frames, FrameWork work) throws Exception {
        return perCall(stage, warmup, frames, 1, work);
    }

    /**
     * As {@link #perFrame}, for work that does {@code framesPerCall} frames at a time (a batch): {@code warmup}
     * and {@code calls} count calls, and each call is numbered.
     */
    static StageResult perCall(Stage stage, int warmup, int calls, int framesPerCall, FrameWork work)
            throws Exception {
        if (warmup < 0 || calls < 1 || framesPerCall < 1) {
            throw new IllegalArgumentException(stage.label() + ": needs at least one timed call of at least one"
                    + " frame and no negative warm-up, got " + calls + " calls of " + framesPerCall + ", warm-up "
                    + warmup);
        }
        for (int i = 0; i < warmup; i++) {
            work.run(i);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            work.run(warmup + i);
        }
        return new StageResult(stage, (long) calls * framesPerCall, Math.max(1, System.nanoTime() - t0));
    }

    /** Times one pass. */
    static StageResult pass(Stage stage, Pass pass) throws Exception {
        long t0 = System.nanoTime();
        long frames = pass.run();
        return new StageResult(stage, frames, Math.max(1, System.nanoTime() - t0));
    }
}
