package io.colorstream.cli;

import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.wire.VideoFacts;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code colorstream ingest IN}: decode a film and publish its frames, audio and facts. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        header = "Decode a film and publish its frames, audio and facts to Kafka.", sortOptions = false,
        description = {
            "Decodes a black-and-white film and publishes it to Kafka: the video's facts, its audio, and its "
                    + "frames' luminance keyed by shot, then the end-of-stream markers the encoder waits for.",
            "Needs a Kafka cluster (--bootstrap-servers).",
            "Ctrl-C or SIGTERM ends the input where it is and publishes what came before, so the encoder finishes "
                    + "it: a live feed as a whole film, a file as a partial one. A second one abandons it."})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN",
            description = "Black-and-white film: a video file, or a stream URL (rtsp://…, http://…).")
    String input;

    @Option(names = "--video-id", paramLabel = "ID",
            description = "Id of the film in Kafka (default: the input's file name without extension).")
    String videoId;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() {
        OptionChecks.fileOrUrl(spec, "IN", input);
        KafkaSettings settings = kafka.settings();
        TopicCreator.createMissing(settings);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            ingestFilm(settings, stop);
        }
        return 0;
    }

    /** Runs the ingest role for {@code input} until the film ends, with a progress display of published frames. */
    private void ingestFilm(KafkaSettings settings, StopOnExit stop) {
        IngestJob job = videoId == null ? IngestJob.of(input) : IngestJob.of(input).withVideoId(videoId);
        IngestService ingest = stop.add(new IngestService(settings, job));
        metrics.start(stop, () -> !ingest.completion().isCompletedExceptionally(), () -> true);
        try (GracefulStop ctrlC = GracefulStop.install(spec.commandLine().getErr());
             Progress progress = Progress.start("published", "frames", Progress.UNKNOWN)) {
            ctrlC.onFirstSignal(ingest::endInput);
            ingest.start();
            while (!ingest.completion().isDone()) {
                progress.total(ingest.frameCountHint());
                progress.stepTo(ingest.framesPublished());
                sleep(200);
            }
            VideoFacts facts = ingest.completion().join();
            progress.stepTo(ingest.framesPublished());
            spec.commandLine().getOut().printf("published %s: %d frames in %d shots%n", job.videoId(),
                    facts.totals().frames(), facts.totals().shots());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
