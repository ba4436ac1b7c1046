package io.colorstream.cli;

import io.colorstream.model.Colorizer;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.stream.ColorizeService;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.StateDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorstream colorize}: the Kafka Streams topology, running until stopped. */
@Command(name = "colorize", mixinStandardHelpOptions = true,
        header = "Run the colorizing Kafka Streams application until stopped.", sortOptions = false,
        description = {
            "Runs the colorizing Kafka Streams application: reads gray frames, predicts their chroma with the "
                    + "model, smooths it within each shot and publishes colour frames. Runs until Ctrl-C or SIGTERM.",
            "Start several with the same --application-id to share the work (up to --partitions instances).",
            "Needs a Kafka cluster (--bootstrap-servers)."})
public final class ColorizeCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "colorstream-colorize",
            description = "Kafka Streams application id: instances with the same id split the shots between them "
                    + "(default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory (RocksDB smoothing state) of this instance; no two running "
                    + "instances may share one. Default: a slot of its own under ~/.local/state/colorstream/streams/"
                    + "<application-id>/, claimed with a lock, so instances and users never collide and a restart "
                    + "finds its state again.")
    Path stateDir;

    @Mixin
    SmoothingOptions smoothing;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() {
        KafkaSettings settings = kafka.settings();
        TopicCreator.createMissing(settings);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            colorizeUntilStopped(settings, stop);
        }
        return 0;
    }

    /** Runs the colorize role (model, smoothing) until stopped or failed, with a progress display. */
    private void colorizeUntilStopped(KafkaSettings settings, StopOnExit stop) {
        if (!settings.extra().containsKey(StreamsConfig.STATE_DIR_CONFIG) || stateDir != null) {
            Path dir = stateDir != null ? stateDir
                    : stop.add(StateDirectory.claim(StateDirectory.defaultBase(), applicationId)).path();
            settings = settings.withProperty(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        }
        // Served before the model loads: /ready says no until the model is in and Kafka Streams runs.
        java.util.concurrent.atomic.AtomicReference<ColorizeService> running = new java.util.concurrent.atomic.AtomicReference<>();
        metrics.start(stop, () -> {
            ColorizeService s = running.get();
            return s == null || ColorizeService.alive(s.state());
        }, () -> {
            ColorizeService s = running.get();
            return s != null && s.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
        });
        Colorizer colorizer = stop.add(model.load());
        // Before joining the group: the first frames then wait for no model preparation, and /ready means ready.
        colorizer.warmUp(io.colorstream.stream.ColorizeTopology.DEFAULT_BATCH, 1);
        ColorizeService service = stop.add(new ColorizeService(settings, colorizer, smoothing.settings(),
                applicationId));
        service.start();
        running.set(service);
        try (Progress progress = Progress.start("colorized", "frames", Progress.UNKNOWN)) {
            while (!stop.stopping() && service.failure().isEmpty()) {
                progress.stepTo(service.framesColorized());
                IngestCommand.sleep(500);
            }
        }
        service.failure().ifPresent(f -> {
            throw new IllegalStateException(ColorizeService.explain(f), f);
        });
    }
}
