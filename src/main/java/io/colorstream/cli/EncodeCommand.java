package io.colorstream.cli;

import io.colorstream.encode.EncodeService;
import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.VideoCodec;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code colorstream encode -o DIR|FILE}: turn colour frames back into films. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        header = "Turn colour frames from Kafka back into films with their sound.", sortOptions = false,
        description = {
            "Reads colour frames and audio from Kafka, restores frame order, recombines chroma with the "
                    + "full-resolution luminance and writes H.264 films with their sound. A film is written only "
                    + "once all its frames (as announced by ingest) have arrived.",
            "Needs a Kafka cluster (--bootstrap-servers)."})
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR|FILE",
            description = "A directory (one <video-id>.mp4 per film, running until stopped) or an .mp4 file "
                    + "(the next complete film, then exit).")
    Path output;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "colorstream-encode",
            description = "Kafka consumer group of the encoder (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--video-id", paramLabel = "ID",
            description = "With an .mp4 -o: the film to write (its id in Kafka).")
    String videoId;

    @Option(names = "--give-up-after", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "Finish a film as <name>.partial.mp4 with the frames that arrived when nothing of it has "
                    + "arrived for this long and its ingest never said it ended (it was killed); ISO-8601, PT0S "
                    + "waits for ever (default: ${DEFAULT-VALUE}).")
    Duration giveUpAfter;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    LiveOptions live;

    @Option(names = "--overwrite",
            description = "A finished film replaces an existing file of its name; without it the existing file is "
                    + "kept and the film takes the next free name (<id>-2.mp4), or, with an .mp4 -o, the command is "
                    + "refused before any work.")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws Exception {
        if (giveUpAfter.isNegative()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--give-up-after must not be "
                    + "negative, got " + giveUpAfter);
        }
        try {
            encoding.codec();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LiveDefaults.applyToEncode(spec, live.dir != null, encoding, spec.commandLine().getErr());
        if (oneFilm()) {
            OptionChecks.writableOutput(spec, "-o", output, null, overwrite);
            OptionChecks.codecFitsOutput(spec, encoding.codec, output);
        }
        KafkaSettings settings = kafka.settings();
        TopicCreator.createMissing(settings);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            encodeFilms(settings, stop);
        }
        return 0;
    }

    private FilmEncoder.Settings encoding(EncodeService.Options options) {
        return live.applyTo(spec, encoding.applyTo(options.encoding()).withOverwrite(overwrite), encoding.codec());
    }

    /** An .mp4 (any name with a dot that is not a directory): one film, then exit. */
    private boolean oneFilm() {
        return output.getFileName().toString().contains(".") && !Files.isDirectory(output);
    }

    /** Runs the encode role into {@code output}: a directory until stopped, or one film with a progress display. */
    private void encodeFilms(KafkaSettings settings, StopOnExit stop) throws Exception {
        if (!oneFilm()) {
            VideoCodec c = encoding.codec();
            String extension = c == VideoCodec.PRORES ? ".mov" : c == VideoCodec.FFV1 ? ".mkv" : ".mp4";
            EncodeService.Options options = EncodeService.Options.filmsIn(output, extension).withGroupId(groupId)
                    .withGiveUpAfter(giveUpAfter);
            EncodeService service = stop.add(new EncodeService(settings, options.withEncoding(encoding(options))));
            service.start();
            metrics.start(stop, service::isAlive, () -> service.isAlive() && !service.assignedPartitions().isEmpty());
            while (!stop.stopping()) {
                if (!service.isAlive()) { // the process ends non-zero rather than standing there looking healthy
                    Throwable why = service.loopFailure().orElse(null);
                    throw new IllegalStateException("the encode loop stopped"
                            + (why == null ? "" : ": " + Main.oneLine(why)), why);
                }
                IngestCommand.sleep(500);
            }
            return;
        }
        if (videoId == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "writing one film to " + output + " needs --video-id (which film)");
        }
        EncodeService.Options options = EncodeService.Options.singleVideo(videoId, output).withGroupId(groupId)
                .withGiveUpAfter(giveUpAfter);
        EncodeService service = stop.add(new EncodeService(settings, options.withEncoding(encoding(options))));
        service.start();
        metrics.start(stop, service::isAlive, () -> service.isAlive() && !service.assignedPartitions().isEmpty());
        CompletableFuture<Path> written = service.completion(videoId);
        try (Progress progress = Progress.start("encoded", "frames", Progress.UNKNOWN)) {
            while (!written.isDone() && !stop.stopping()) {
                service.progress(videoId).ifPresent(p -> {
                    progress.total(p.framesTotal() < 0 ? Progress.UNKNOWN : p.framesTotal());
                    progress.stepTo(p.framesEncoded());
                });
                IngestCommand.sleep(200);
            }
            service.progress(videoId).ifPresent(p -> progress.stepTo(p.framesEncoded()));
        }
        if (!written.isDone()) {
            return; // stopped (Ctrl-C) before the film was complete: the service drops its temporary file
        }
        try {
            spec.commandLine().getOut().println("colour film written: " + written.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e; // the cause names the film and the problem
        }
    }
}
