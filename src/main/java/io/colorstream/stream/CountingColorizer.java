package io.colorstream.stream;

import io.colorstream.model.Colorizer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the frames a colorizer has been asked for, for the command line's progress bar and the metrics (frames
 * colorized, and how long each model call took). Leaves closing the model to whoever opened it.
 */
final class CountingColorizer implements Colorizer {
    private final Colorizer model;
    private final AtomicLong frames;
    private final io.micrometer.core.instrument.Counter colorized = io.colorstream.observe.Telemetry.counter(
            io.colorstream.observe.Telemetry.FRAMES_COLORIZED, "colorize");
    private final io.micrometer.core.instrument.Timer inference = io.colorstream.observe.Telemetry.histogram(
            io.colorstream.observe.Telemetry.MODEL_INFERENCE, "colorize", "one frame through the model");

    CountingColorizer(Colorizer model, AtomicLong frames) {
        this.model = model;
        this.frames = frames;
    }

    @Override
    public int width() {
        return model.width();
    }

    @Override
    public int height() {
        return model.height();
    }

    @Override
    public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
        long start = System.nanoTime();
        float[] ab = model.colorize(luma, lumaWidth, lumaHeight);
        inference.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        frames.incrementAndGet();
        colorized.increment();
        return ab;
    }

    @Override
    public float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight) {
        return colorizeBatch(lumas, lumaWidth, lumaHeight, null);
    }

    /** One observation per frame in the inference histogram: the call's time shared out among its frames. */
    @Override
    public float[][] colorizeBatch(java.util.List<byte[]> lumas, int lumaWidth, int lumaHeight, float[][] shrunk) {
        long start = System.nanoTime();
        float[][] ab = shrunk == null ? model.colorizeBatch(lumas, lumaWidth, lumaHeight)
                : model.colorizeBatch(lumas, lumaWidth, lumaHeight, shrunk);
        long each = (System.nanoTime() - start) / Math.max(1, lumas.size());
        for (int i = 0; i < lumas.size(); i++) {
            inference.record(each, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        frames.addAndGet(lumas.size());
        colorized.increment(lumas.size());
        return ab;
    }

    @Override
    public void close() {
        // not ours to close
    }
}
