package io.colorstream.cli;

import io.colorstream.encode.EncodeService;
import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.PartialFilmException;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.ingest.InputInterruptedException;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.model.Colorizer;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /**
     * Creates the topics a run needs. (Creating colorize's changelogs here too, so that Kafka Streams need not
     * create them while its group forms, was tried and taken out: with them in the same request, the ingest
     * producer's first batches on a new partition met NOT_LEADER_OR_FOLLOWER and then a sequence the broker refused
     * until they expired; docs/benchmarks.md.)
     */
    public static List<String> createTopics(KafkaSettings settings) {
        return TopicCreator.createMissing(settings);
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
        return colorize(settings, job, output, colorizer, smoothing, Options.defaults(timeout), listener, register);
    }

    /**
     * How a one-process run behaves beyond its film.
     *
     * @param encoding      x264 preset and quality
     * @param timeout       how long the flow may go without progress (no frame published, colorized or encoded)
     *                      before it fails; a film may take as long as it needs
     * @param maxLead       how many frames a file's ingest may run ahead of the encoder (a live feed is never held
     *                      back): Kafka then holds a bounded backlog, not the whole film
     * @param purgeConsumed delete records once nothing in this run needs them again: only for a broker that lives
     *                      for this run alone (the embedded one), never on a shared cluster
     * @param endInput      called once ingest has started with what ends the input early ({@link
     *                      IngestService#endInput()}), for a first Ctrl-C: the film is then finished with what
     *                      came before
     * @param resumable     the encoder continues what an earlier, unfinished run of the output kept (the job then
     *                      starts after those frames: {@link RunResume}) and keeps its work if this run fails
     */
    public record Options(FilmEncoder.Settings encoding, Duration timeout, long maxLead, boolean purgeConsumed,
                          java.util.function.Consumer<Runnable> endInput, boolean resumable) {
        /** 600 frames: 20–25 s of film, about 2 GB at 1080p, and enough to keep the model busy. */
        public static final long DEFAULT_MAX_LEAD = 600;

        public static Options defaults(Duration timeout) {
            return new Options(FilmEncoder.Settings.defaults(), timeout, DEFAULT_MAX_LEAD, false, end -> { }, false);
        }

        public Options withEncoding(FilmEncoder.Settings e) {
            return new Options(e, timeout, maxLead, purgeConsumed, endInput, resumable);
        }

        public Options withMaxLead(long frames) {
            return new Options(encoding, timeout, frames, purgeConsumed, endInput, resumable);
        }

        public Options withPurgeConsumed(boolean purge) {
            return new Options(encoding, timeout, maxLead, purge, endInput, resumable);
        }

        public Options withEndInput(java.util.function.Consumer<Runnable> e) {
            return new Options(encoding, timeout, maxLead, purgeConsumed, e, resumable);
        }

        public Options withResumable(boolean r) {
            return new Options(encoding, timeout, maxLead, purgeConsumed, endInput, r);
        }
    }

    /** As above, with every {@link Options option} given. */
    public static Path colorize(KafkaSettings settings, IngestJob job, Path output, Colorizer colorizer,
                                SmoothingSettings smoothing, Options options, Listener listener,
                                java.util.function.Consumer<AutoCloseable> register) throws Exception {
        String videoId = job.videoId();
        Duration timeout = options.timeout();
        EncodeService encode = new EncodeService(settings, EncodeService.Options.singleVideo(videoId, output)
                .withGroupId(APPLICATION_ID + "-encode").withEncoding(options.encoding())
                .withResumable(options.resumable()));
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

        IngestService ingest = new IngestService(settings, job).limitLead(() -> framesEncoded(encode, videoId),
                options.maxLead());
        register.accept(ingest);
        if (options.purgeConsumed()) {
            register.accept(ConsumedRecordsCleaner.start(settings, encode, APPLICATION_ID + "-colorize"));
        }
        ingest.start();
        options.endInput().accept(ingest::endInput);

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
            long encoded = framesEncoded(encode, videoId);
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

    private static long framesEncoded(EncodeService encode, String videoId) {
        return encode.progress(videoId).map(EncodeService.Progress::framesEncoded).orElse(0L);
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
