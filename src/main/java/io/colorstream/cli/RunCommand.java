package io.colorstream.cli;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.VideoCodec;
import io.colorstream.ingest.IngestJob;
import io.colorstream.model.Colorizer;
import java.time.Duration;

import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.stream.ColorizeTopology;
import io.colorstream.stream.RocksDbLibrary;
import io.colorstream.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code colorstream run IN -o OUT}: the whole flow in one process. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Colorize a film end to end in one process (ingest, colorize, encode).", sortOptions = false,
        description = {
            "Colorizes a black-and-white film end to end in one process: ingest, colorize and encode.",
            "",
            "Without a Kafka cluster (no --bootstrap-servers, nor bootstrap.servers in --config or the "
                    + "environment), an embedded single-node Kafka broker is started on loopback for this run "
                    + "and stopped at the end, also on failure or Ctrl-C.",
            "",
            "Ctrl-C ends the input where it is and finishes the film with what came before: a live feed "
                    + "(a stream with no set length) is then a whole film at OUT, a file a partial one at "
                    + "OUT.partial.mp4 (the same command later continues it to the end). Ctrl-C again abandons it.",
            "",
            "A feed (rtsp, rtmp, srt, udp, rtp, tcp) is colorized with the live settings unless --model or "
                    + "--x264-preset says otherwise: the live model (" + ModelOption.LIVE + ") and x264 "
                    + "ultrafast, to keep its pace on a small machine.",
            "",
            "Until OUT is written, the colour film is kept in closed pieces of 30 s beside it (.OUT.parts/). "
                    + "If a run of a file stops before the end (a crash, a kill, a failure, Ctrl-C twice), running "
                    + "the same command again continues after the last piece instead of starting over; a run with "
                    + "another input, model or colour setting is refused rather than joined (--restart starts "
                    + "over). A live feed cannot be rewound: the next run of it joins what was kept into "
                    + "OUT.partial.mp4 and starts a new film."})
public final class RunCommand implements Callable<Integer> {

    /** The flow proper, given settings for a cluster whose topics exist; a seam so tests can watch the broker. */
    @FunctionalInterface
    interface Flow {
        void run(KafkaSettings settings, StopOnExit stop) throws Exception;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN",
            description = "Black-and-white film: a video file, or a stream URL (rtsp://…, http://…).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Colour film to write (MP4: H.264 and the input's audio); appears only when complete.")
    Path output;

    @Option(names = "--video-id", paramLabel = "ID",
            description = "Id of the film in Kafka (default: the input's file name without extension).")
    String videoId;

    @Mixin
    ModelOption model;

    @Mixin
    SmoothingOptions smoothing;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT15M",
            description = "Give up when nothing has moved (no frame published, colorized or encoded) for this long, "
                    + "ISO-8601; a film may take as long as it needs (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    LiveOptions live;

    @Option(names = "--piece-seconds", paramLabel = "S", defaultValue = "" + FilmEncoder.PIECE_SECONDS,
            description = "Seconds of film per kept piece: at most what a crash costs the encoder; shorter pieces "
                    + "cost a key frame each (default: ${DEFAULT-VALUE}).")
    double pieceSeconds;

    @Option(names = "--restart",
            description = "Discard what an earlier, unfinished run of OUT kept (.OUT.parts/) and start from the "
                    + "first frame.")
    boolean restart;

    @Option(names = "--overwrite",
            description = "Replace OUT if it exists (never the input itself): without it an existing OUT is kept "
                    + "and the run refused before any work.")
    boolean overwrite;

    Flow flow = this::colorizeFilm;


    /** Whether this run started its own broker, whose records nobody else reads: consumed ones can go. */
    private boolean embeddedBroker;

    /** The model, loading since the command started. */
    private ModelInBackground loadingModel;

    @Override
    public Integer call() throws Exception {
        OptionChecks.fileOrUrl(spec, "IN", input);
        OptionChecks.writableOutput(spec, "OUT", output, input, overwrite);
        OptionChecks.codecFitsOutput(spec, encoding.codec, output);
        if (!(pieceSeconds > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--piece-seconds must be more than 0, got " + pieceSeconds);
        }
        model.check();
        LiveDefaults.applyToRun(spec, input, model, encoding, spec.commandLine().getErr());
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            // The model loads and warms up while the broker starts: both take seconds, and they overlap.
            loadingModel = stop.add(ModelInBackground.start(model::load, ColorizeTopology.DEFAULT_BATCH, 1));
            RocksDbLibrary.loadInBackground(); // the smoothing stores' library, likewise
            // One process, all roles: alive while it runs (a failed role ends it), ready once the flow is going.
            java.util.concurrent.atomic.AtomicBoolean going = new java.util.concurrent.atomic.AtomicBoolean();
            metrics.start(stop, () -> true, going::get);
            KafkaSettings settings = kafka.settings(() -> {
                embeddedBroker = true;
                return stop.add(EmbeddedKafkaBroker.start(kafka.maxRecordBytes())).bootstrapServers();
            });
            if (embeddedBroker) {
                settings = settings.uncompressedUnlessAsked();
            }
            FilmFlow.createTopics(settings);
            going.set(true);
            flow.run(settings, stop);
        }
        return 0;
    }

    /**
     * Ingest, colorize and encode one film in this process ({@link FilmFlow}); the embedded broker, when used,
     * was started by the caller. Fails with a one-line message naming the role that failed.
     */
    private void colorizeFilm(KafkaSettings settings, StopOnExit stop) throws Exception {
        IngestJob job = videoId == null ? IngestJob.of(input) : IngestJob.of(input).withVideoId(videoId);
        Colorizer colorizer = loadingModel.get(); // closed by the stop it was registered with
        FilmEncoder.Settings encoding = live.applyTo(spec, this.encoding.applyTo(FilmEncoder.Settings.defaults())
                .withPieceSeconds(pieceSeconds).withOverwrite(overwrite)
                // A file at hand gives all its sound, copied as it is; a feed's sound travels through Kafka.
                .withSoundFrom(input.contains("://") ? null : Path.of(input).toAbsolutePath()),
                this.encoding.codec());
        long start = RunResume.startFrame(output, RunResume.Fingerprint.of(input, model.modelDir(),
                "saturation " + model.saturation + ", " + smoothing.settings(),
                encoding.videoEncoder() + " " + encoding.preset() + " crf " + encoding.crf()),
                restart, spec.commandLine().getErr());
        if (start > 0) { // the rest of the film, as a film of its own in Kafka
            job = job.withVideoId(RunResume.restId(job.videoId(), start)).startingAt(start);
        }
        try (GracefulStop ctrlC = GracefulStop.install(spec.commandLine().getErr());
             Progress progress = Progress.start("colorized", "frames", Progress.UNKNOWN)) {
            FilmFlow.Options options = FilmFlow.Options.defaults(timeout).withEncoding(encoding)
                    .withPurgeConsumed(embeddedBroker).withEndInput(ctrlC::onFirstSignal).withResumable(true);
            Path written = FilmFlow.colorize(settings, job, output, colorizer, smoothing.settings(), options,
                    FilmFlow.progress(progress), stop::add);
            spec.commandLine().getOut().println("colour film written: " + written);
        }
    }
}
