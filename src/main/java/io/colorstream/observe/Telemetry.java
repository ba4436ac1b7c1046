package io.colorstream.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * colorstream's metrics. Roles count into Micrometer's global registry (free while nothing listens); with
 * {@code --metrics-port} a Prometheus registry joins it and {@link HealthServer} serves it. Names follow
 * Prometheus' conventions once rendered ({@code colorstream.frames.ingested} → {@code
 * colorstream_frames_ingested_total}); every meter has a {@code role} tag (ingest, colorize, encode), and per-film
 * meters a {@code video} tag only while the film is in flight, so cardinality stays bounded.
 */
public final class Telemetry {
    public static final String FRAMES_INGESTED = "colorstream.frames.ingested";
    public static final String FRAMES_COLORIZED = "colorstream.frames.colorized";
    public static final String FRAMES_ENCODED = "colorstream.frames.encoded";
    public static final String FILMS_COMPLETED = "colorstream.films.completed";
    public static final String FILMS_FAILED = "colorstream.films.failed";
    public static final String DEAD_LETTERED = "colorstream.records.dead.lettered";
    public static final String MODEL_INFERENCE = "colorstream.model.inference";
    public static final String FRAME_LATENCY = "colorstream.frame.latency";
    public static final String FILM_PROGRESS = "colorstream.film.progress";

    private static PrometheusMeterRegistry prometheus;

    private Telemetry() {
    }

    /** The Prometheus registry, made (with JVM and process metrics) and joined to the global one on first use. */
    public static synchronized PrometheusMeterRegistry prometheus() {
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(prometheus);
            new JvmGcMetrics().bindTo(prometheus);
            new JvmThreadMetrics().bindTo(prometheus);
            new ClassLoaderMetrics().bindTo(prometheus);
            new ProcessorMetrics().bindTo(prometheus);
            new UptimeMetrics().bindTo(prometheus);
            Metrics.addRegistry(prometheus);
        }
        return prometheus;
    }

    /** Where roles count; a no-op until {@link #prometheus()} joins it. */
    public static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    public static Counter counter(String name, String role) {
        return Counter.builder(name).tag("role", role).register(registry());
    }

    /** A latency histogram in seconds (Prometheus buckets), e.g. one model call or one frame's trip. */
    public static Timer histogram(String name, String role, String description) {
        return Timer.builder(name).tag("role", role).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry());
    }
}
