package io.colorstream.cli;

import io.colorstream.encode.EncodeService;
import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.PartialFilmException;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.ingest.InputInterruptedException;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.model.Colorizer;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One film through all three roles in one process, against one cluster whose topics exist: encode starts first
 * (so nothing it needs passes it by), then colorize, then ingest. Returns when the encoder has written the film;
 * fails as soon as any role fails, naming it. One exception to "as soon as": when the input breaks after frames
 * were published, the flow waits for those frames' partial film and then fails naming it (nothing done is lost). {@code ./colorstream run} and the integration tests share this.
 */
public final class FilmFlow {
    /** Stream application id and encoder group of one-process runs (resumable on a persistent cluster). */
    public static final String APPLICATION_ID = "colorstream-run";

    private FilmFlow() {
    }

    /** What the progress display is told, as it happens. */
    public interface Listener {
        void total(long frames);

        void colorized(long frames);

        Listener NONE = new Listener() {
            @Override
            public void total(long frames) {
            }

            @Override
            public void colorized(long frames) {
            }
        };
    }

    /**
     * @param register called with every started part, in start order, so the caller stops them (newest first)
     */
    public static Path colorize(KafkaSettings settings, IngestJob job, Path output, Colorizer colorizer,
                                SmoothingSettings smoothing, Duration timeout, Listener listener,
                                java.util.function.Consumer<AutoCloseable> register) throws Exception {
        return colorize(settings, job, output, colorizer, smoothing, FilmEncoder.Settings.defaults(), timeout,
                listener, register, endInput -> { });
    }

    /**
     * As above, with the encoder's settings (x264 preset and quality) given.
     *
     * @param timeout  how long the flow may go without progress (no frame published, colorized or encoded)
     *                 before it fails; a film may take as long as it needs
     * @param endInput called once ingest has started with what ends the input early ({@link
     *                 IngestService#endInput()}), for a first Ctrl-C: the film is then finished with what came before
     */
    public static Path colorize(KafkaSettings settings, IngestJob job, Path output, Colorizer colorizer,
                                SmoothingSettings smoothing, FilmEncoder.Settings encoding, Duration timeout,
                                Listener listener, java.util.function.Consumer<AutoCloseable> register,
                                java.util.function.Consumer<Runnable> endInput)
            throws Exception {
        String videoId = job.videoId();
        EncodeService encode = new EncodeService(settings, EncodeService.Options.singleVideo(videoId, output)
                .withGroupId(APPLICATION_ID + "-encode").withEncoding(encoding));
        register.accept(encode);
        encode.start();
        CompletableFuture<Path> written = encode.completion(videoId);

        // A state directory of this run's own: smoothing state left by another run (another broker) is not ours.
        Path stateDir = Files.createTempDirectory("colorstream-run-state");
        register.accept(() -> deleteTree(stateDir));
        ColorizeService colorize = new ColorizeService(settings.withProperty(StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString()), colorizer, smoothing, APPLICATION_ID + "-colorize");
        register.accept(colorize);
        colorize.start();

        IngestService ingest = new IngestService(settings, job);
        register.accept(ingest);
        ingest.start();
        endInput.accept(ingest::endInput);

        // Long films take as long as they take (a 3-hour 1080p film runs more than a day here); what must not
        // happen is waiting forever on a flow that stopped moving, so the limit is on time without progress.
        long lastMoved = System.nanoTime();
        long lastProgress = -1;
        long lastTotal = Long.MIN_VALUE;
        while (true) {
            try {
                Path out = written.get(200, TimeUnit.MILLISECONDS);
                listener.colorized(colorize.framesColorized());
                return out;
            } catch (TimeoutException e) {
                // still going: report progress, then check every role for failure
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PartialFilmException partial) {
                    listener.colorized(colorize.framesColorized());
                    throw new FlowException(partial.getMessage(), partial);
                }
                throw new FlowException("encode of " + videoId + " failed: " + message(e.getCause()), e.getCause());
            }
            Throwable ingestFailure = failureOf(ingest.completion());
            long total = ingestFailure instanceof InputInterruptedException broken ? broken.framesPublished()
                    : ingest.completion().isDone() && ingestFailure == null
                    ? ingest.completion().join().totals().frames() : ingest.frameCountHint();
            if (total != lastTotal) {
                listener.total(total);
                lastTotal = total;
            }
            listener.colorized(colorize.framesColorized());
            // An input that broke after frames were published still ends in a (partial) film: wait for it.
            if (ingestFailure != null && !(ingestFailure instanceof InputInterruptedException)) {
                throw new FlowException("ingest of " + job.input() + " failed: " + message(ingestFailure),
                        ingestFailure);
            }
            if (colorize.failure().isPresent()) {
                Throwable f = colorize.failure().get();
                throw new FlowException("colorize failed: " + ColorizeService.explain(f), f);
            }
            long encoded = encode.progress(videoId).map(EncodeService.Progress::framesEncoded).orElse(0L);
            long progress = ingest.framesPublished() + colorize.framesColorized() + encoded;
            if (progress != lastProgress) {
                lastProgress = progress;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > timeout.toNanos()) {
                throw new FlowException("nothing moved for " + readable(timeout) + " (" + ingest.framesPublished()
                        + " frames published, " + colorize.framesColorized() + " colorized, " + encoded
                        + " encoded); " + encode.progress(videoId).map(p -> "the encoder is waiting for "
                        + p.waitingFor()).orElse("the encoder has seen nothing of " + videoId), null);
            }
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            PathUtils.deleteDirectory(dir);
        }
    }

    private static String readable(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** The failure a finished future holds, or null while it runs or when it succeeded. */
    private static Throwable failureOf(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** A role failed; the message says which and why, in one line. */
    public static final class FlowException extends Exception {
        public FlowException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Adapts a {@link Progress} display. */
    public static Listener progress(Progress p) {
        return new Listener() {
            @Override
            public void total(long frames) {
                p.total(frames);
            }

            @Override
            public void colorized(long frames) {
                p.stepTo(frames);
            }
        };
    }

}
