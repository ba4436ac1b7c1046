package io.colorstream.stream;

import io.colorstream.model.Colorizer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the frames a colorizer has been asked for, for the command line's progress bar. Leaves closing the
 * model to whoever opened it.
 */
final class CountingColorizer implements Colorizer {
    private final Colorizer model;
    private final AtomicLong frames;

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
        float[] ab = model.colorize(luma, lumaWidth, lumaHeight);
        frames.incrementAndGet();
        return ab;
    }

    @Override
    public void close() {
        // not ours to close
    }
}
