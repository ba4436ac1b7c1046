package io.colorstream.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a long job is, for the person waiting: a live progress bar on a terminal, otherwise (a log file,
 * a container) a plain line every few seconds such as {@code colorized 120/360 frames, 24.1 fps, 10 s left}
 * and a summary at the end.
 * Safe to update from any thread.
 */
public abstract sealed class Progress implements AutoCloseable permits Progress.Bar, Progress.Lines {

    /** Total when it is not known (yet): a live feed, or before the video's facts arrive. */
    public static final long UNKNOWN = -1;

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * @param verb  what is done to each item, past tense ("colorized")
     * @param unit  the items, plural ("frames")
     * @param total how many there will be, or {@link #UNKNOWN}
     */
    public static Progress start(String verb, String unit, long total) {
        if (System.console() != null) {
            return new Bar(verb, unit, total);
        }
        return lines(verb, unit, total, LOG::info, System::nanoTime, LINE_INTERVAL_NANOS);
    }

    /** Plain lines to {@code out}, at most one per {@code intervalNanos} of {@code clock}, and one at the end. */
    static Lines lines(String verb, String unit, long total, Consumer<String> out, LongSupplier clock,
                       long intervalNanos) {
        return new Lines(verb, unit, total, out, clock, intervalNanos);
    }

    /** Items done so far (monotonic: a smaller value is ignored). */
    public abstract void stepTo(long done);

    /** One more item done. */
    public abstract void step();

    /** The total became known or changed. */
    public abstract void total(long total);

    /** Ends the display with a final state. */
    @Override
    public abstract void close();

    /** {@code colorized 120/360 frames, 24.1 fps, 10 s left}; parts that are not known yet are left out. */
    static String line(String verb, String unit, long done, long total, double elapsedSeconds) {
        StringBuilder s = new StringBuilder(verb).append(' ').append(done);
        if (total >= 0) {
            s.append('/').append(total);
        }
        s.append(' ').append(unit);
        if (elapsedSeconds > 0 && done > 0) {
            double rate = done / elapsedSeconds;
            s.append(String.format(Locale.ROOT, ", %.1f %s", rate, rateUnit(unit)));
            if (total >= done) {
                s.append(", ").append(duration(Math.round((total - done) / rate))).append(" left");
            }
        }
        return s.toString();
    }

    /** {@code colorized 360/360 frames in 15 s, 24.0 fps}: the closing line. */
    static String summary(String verb, String unit, long done, long total, double elapsedSeconds) {
        StringBuilder s = new StringBuilder(verb).append(' ').append(done);
        if (total >= 0) {
            s.append('/').append(total);
        }
        s.append(' ').append(unit).append(" in ").append(duration(Math.round(elapsedSeconds)));
        if (elapsedSeconds > 0) {
            s.append(String.format(Locale.ROOT, ", %.1f %s", done / elapsedSeconds, rateUnit(unit)));
        }
        return s.toString();
    }

    private static String rateUnit(String unit) {
        return unit.equals("frames") ? "fps" : unit + "/s";
    }

    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    /** A terminal is attached: draw a bar (me.tongfei:progressbar) on stderr. */
    static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String verb, String unit, long total) {
            bar = new ProgressBarBuilder()
                    .setTaskName(verb)
                    .setInitialMax(total)
                    .setUnit(" " + unit, 1)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(100)
                    .build();
        }

        @Override
        public void stepTo(long done) {
            synchronized (bar) {
                if (done > bar.getCurrent()) {
                    bar.stepTo(done);
                }
            }
        }

        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void total(long total) {
            bar.maxHint(total);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** No terminal: a log line every few seconds. */
    static final class Lines extends Progress {
        private final String verb;
        private final String unit;
        private final Consumer<String> out;
        private final LongSupplier clock;
        private final long intervalNanos;
        private final long startNanos;
        private long total;
        private long done;
        private long lastLineNanos;
        private boolean closed;

        Lines(String verb, String unit, long total, Consumer<String> out, LongSupplier clock, long intervalNanos) {
            this.verb = verb;
            this.unit = unit;
            this.total = total;
            this.out = out;
            this.clock = clock;
            this.intervalNanos = intervalNanos;
            this.startNanos = clock.getAsLong();
            this.lastLineNanos = startNanos;
        }

        @Override
        public synchronized void stepTo(long done) {
            if (done > this.done) {
                this.done = done;
                maybePrint();
            }
        }

        @Override
        public synchronized void step() {
            done++;
            maybePrint();
        }

        @Override
        public synchronized void total(long total) {
            this.total = total;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                out.accept(summary(verb, unit, done, total, elapsedSeconds(clock.getAsLong())));
            }
        }

        private void maybePrint() {
            long now = clock.getAsLong();
            if (now - lastLineNanos >= intervalNanos) {
                lastLineNanos = now;
                out.accept(line(verb, unit, done, total, elapsedSeconds(now)));
            }
        }

        private double elapsedSeconds(long now) {
            return (now - startNanos) / 1e9;
        }
    }
}
