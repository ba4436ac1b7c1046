package io.colorstream.stream;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.Service;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.model.Colorizer;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The colorize role: runs {@link ColorizeTopology} on Kafka Streams.
 *
 * <p>A record that cannot be read or processed (malformed, over the size bound, a frame the model fails on, a
 * colour frame too large to send) goes to the dead-letter topic with the error in its headers, and the role
 * goes on with every other record: the encoder fails that record's film. Anything else that fails a stream
 * thread stops this instance ({@code SHUTDOWN_CLIENT}, state {@code ERROR}) after logging what went wrong in
 * words; the caller sees it in {@link #state()} and {@link #failure()}.
 *
 * <p>The caller owns the colorizer: it must outlive the service and be closed after {@link #stop()}.
 */
public final class ColorizeService implements Service {
    public static final String DEFAULT_APPLICATION_ID = "colorstream-colorize";
    /** How long {@link #stop()} waits for in-flight frames and the final commit. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ColorizeService.class);

    private final KafkaSettings settings;
    private final Colorizer colorizer;
    private final SmoothingSettings smoothing;
    private final String applicationId;
    private final AtomicLong framesColorized = new AtomicLong();
    private int modelBatch = ColorizeTopology.DEFAULT_BATCH;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile KafkaStreams streams; // volatile: state() is read by a progress thread while stop() waits
    /** The dead-letter topic's partitions; read from the cluster at start (an older topic may have fewer). */
    private int deadLetterPartitions;
    private io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics streamsMetrics;
    private boolean stopped;

    public ColorizeService(KafkaSettings settings, Colorizer colorizer, SmoothingSettings smoothing,
                           String applicationId) {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("the colorize role needs an application id");
        }
        this.settings = settings;
        this.colorizer = colorizer;
        this.smoothing = smoothing;
        this.applicationId = applicationId;
        this.deadLetterPartitions = settings.partitions();
    }

    /** The Streams configuration this role runs with. */
    public Properties streamsProperties() {
        Properties p = settings.streamsProperties(applicationId);
        p.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizeFrameHandler.class.getName());
        // One bad record fails its film, not the service: unreadable or unprocessable records go, as they were,
        // to the dead-letter topic with the error in their headers, their offsets are committed, and the encoder
        // ends that film as failed when it reads the dead letter.
        p.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.topics().deadLetter());
        p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                FilmDeadLetterHandler.class.getName());
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FilmDeadLetterHandler.class.getName());
        p.putIfAbsent(FilmDeadLetterHandler.PARTITIONS_CONFIG, Integer.toString(deadLetterPartitions));
        p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDB.class.getName());
        return p;
    }

    /** Frames per model call (before {@link #start()}); 1 colours each frame as it comes. */
    public ColorizeService withModelBatch(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a model batch holds at least one frame, got " + frames);
        }
        this.modelBatch = frames;
        return this;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("the colorize role is already started");
        }
        deadLetterPartitions = TopicCreator.partitionCount(settings, settings.topics().deadLetter())
                .orElse(settings.partitions());
        Topology topology = ColorizeTopology.build(settings.topics(),
                new CountingColorizer(colorizer, framesColorized), smoothing, settings.maxRecordBytes(), modelBatch);
        streams = new KafkaStreams(topology, streamsProperties());
        streamsMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams,
                java.util.List.of(io.micrometer.core.instrument.Tag.of("role", "colorize")));
        streamsMetrics.bindTo(io.colorstream.observe.Telemetry.registry());
        streams.setStateListener((now, before) -> LOG.info("colorize: {} → {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            LOG.error("colorize stopped: {}", explain(e), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        LOG.info("colorize: {} → {} with a {}x{} model, smoothing {}", settings.topics().grayFrames().name(),
                settings.topics().colorFrames().name(), colorizer.width(), colorizer.height(), smoothing);
        streams.start();
    }

    /** Closes Kafka Streams, waiting up to {@link #CLOSE_TIMEOUT}; safe to call more than once. */
    @Override
    public synchronized void stop() {
        if (streams == null || stopped) {
            return;
        }
        stopped = true;
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT))) {
            LOG.warn("colorize: Kafka Streams did not stop within {}; frames may still be in the model",
                    CLOSE_TIMEOUT);
        }
    }

    /** Whether a role in this state is alive (working, or about to): not failed, not stopped. */
    public static boolean alive(KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }

    /** CREATED before start; RUNNING or REBALANCING while working; ERROR after a failure; NOT_RUNNING when stopped. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /** Frames handed to the model so far (for a progress bar; a replay after a crash counts again). */
    public long framesColorized() {
        return framesColorized.get();
    }

    /** What stopped the role, if something did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** A failure in words: the cause that matters, and for an oversize frame what to change. */
    public static String explain(Throwable failure) {
        Throwable root = failure;
        int depth = 0; // a cause chain may loop; a real one is a handful deep
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof RecordTooLargeException) {
                return "a colour frame is larger than the maximum record size (" + t.getMessage() + "); raise"
                        + " the maximum record size (--max-record-bytes) for every role and the topics'"
                        + " max.message.bytes, or colorize at a lower resolution";
            }
            root = t;
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
