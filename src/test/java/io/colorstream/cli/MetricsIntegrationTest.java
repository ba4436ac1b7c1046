package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.encode.EncodeService;
import io.colorstream.encode.EncodeServiceAccess;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.observe.HealthServer;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.TinySavedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics and health of the roles, scraped over HTTP while a real film goes through a real broker: the frame
 * counters rise to the film's frame count, the inference histogram has one observation per frame, Kafka Streams'
 * own metrics are there, /ready turns ready only once the model is loaded and Kafka Streams runs, and /health
 * fails when a role's loop has died.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MetricsIntegrationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theRolesCountEveryFrameAndSayWhenTheyAreReady(@TempDir Path dir) throws Exception {
        FilmProbe.quietFfmpeg();
        ClipGenerator.Clip clip = ClipGenerator.gray(128, 72, 25, 14, 16);
        Path input = clip.writeTo(dir.resolve("reel.mp4"));
        Path model = TinySavedModel.write(dir.resolve("model"), 64, 64);
        AtomicReference<ColorizeService> colorizeRef = new AtomicReference<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
             HealthServer server = HealthServer.start(0, () -> colorizeRef.get() == null
                     || ColorizeService.alive(colorizeRef.get().state()), () -> colorizeRef.get() != null
                     && colorizeRef.get().state() == KafkaStreams.State.RUNNING)) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(503, get(base + "/ready").statusCode(), "not ready before the model is loaded");
            assertEquals(200, get(base + "/health").statusCode());
            String before = get(base + "/metrics").body();

            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2);
            TopicCreator.createMissing(settings);
            try (SavedModelColorizer colorizer = SavedModelColorizer.load(model);
                 EncodeService encode = new EncodeService(settings, EncodeService.Options.singleVideo("reel",
                         dir.resolve("colour.mp4")).withWorkRoot(dir.resolve("work")));
                 ColorizeService colorize = new ColorizeService(settings.withProperty(StreamsConfig.STATE_DIR_CONFIG,
                         dir.resolve("state").toString()), colorizer, SmoothingSettings.DEFAULT, "it-metrics");
                 IngestService ingest = new IngestService(settings, IngestJob.of(input.toString())
                         .withVideoId("reel"))) {
                encode.start();
                colorize.start();
                colorizeRef.set(colorize);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (get(base + "/ready").statusCode() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(200, get(base + "/ready").statusCode(), "ready while Kafka Streams runs");
                ingest.start();
                java.util.Set<String> seen = new java.util.HashSet<>(names(before));
                while (!encode.completion("reel").isDone()) { // per-film meters exist only while the film is in flight
                    seen.addAll(names(get(base + "/metrics").body()));
                    Thread.sleep(20);
                }
                encode.completion("reel").get(2, TimeUnit.MINUTES);
                String after = get(base + "/metrics").body();
                seen.addAll(names(after));
                assertTrue(seen.contains("colorstream_film_progress"), "per-film progress while the film is in flight");
                for (String metric : dashboardMetrics()) {
                    assertTrue(seen.contains(metric), "the dashboard asks for " + metric
                            + ", which no role exports");
                }
                int frames = clip.frameCount();
                assertEquals(frames, value(after, "colorstream_frames_ingested_total", "ingest")
                        - value(before, "colorstream_frames_ingested_total", "ingest"), 1e-9);
                assertEquals(frames, value(after, "colorstream_frames_colorized_total", "colorize")
                        - value(before, "colorstream_frames_colorized_total", "colorize"), 1e-9);
                assertEquals(frames, value(after, "colorstream_frames_encoded_total", "encode")
                        - value(before, "colorstream_frames_encoded_total", "encode"), 1e-9);
                assertEquals(frames, value(after, "colorstream_model_inference_seconds_count", "colorize")
                        - value(before, "colorstream_model_inference_seconds_count", "colorize"), 1e-9);
                assertTrue(value(after, "colorstream_frame_latency_seconds_count", "encode") >= frames);
                assertEquals(1, value(after, "colorstream_films_completed_total", "encode")
                        - value(before, "colorstream_films_completed_total", "encode"), 1e-9);
                assertTrue(after.contains("colorstream_model_inference_seconds_bucket{"), "a histogram");
                assertTrue(after.lines().anyMatch(l -> l.startsWith("kafka_stream_")), "Kafka Streams metrics");
                assertTrue(after.lines().anyMatch(l -> l.startsWith("kafka_consumer_")), "Kafka client metrics");
                assertTrue(after.contains("jvm_memory_used_bytes"), "JVM metrics");
            }
            assertEquals(503, get(base + "/health").statusCode(), "colorize stopped: not alive");
        }
    }

    @Test
    void healthFailsWhenTheEncodeLoopHasDied(@TempDir Path dir) throws Exception {
        org.apache.kafka.clients.consumer.MockConsumer<String, byte[]> consumer =
                new org.apache.kafka.clients.consumer.MockConsumer<>("earliest");
        consumer.setPollException(new org.apache.kafka.common.KafkaException("the cluster is gone"));
        EncodeService encode = EncodeServiceAccess.withConsumer(KafkaSettings.of("localhost:1"),
                EncodeService.Options.filmsIn(dir.resolve("films")).withWorkRoot(dir.resolve("work")), consumer);
        try (HealthServer server = HealthServer.start(0, encode::isAlive, encode::isAlive)) {
            encode.start();
            String url = "http://127.0.0.1:" + server.port() + "/health";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (get(url).statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(503, get(url).statusCode());
            assertTrue(get(url).body().contains("stopped"));
        } finally {
            encode.stop();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The metric names of a scrape (without labels). */
    private static java.util.Set<String> names(String scrape) {
        java.util.Set<String> out = new java.util.HashSet<>();
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> out.add(l.split("[{ ]", 2)[0]));
        return out;
    }

    /** Every metric the committed Grafana dashboard queries (docker/grafana/dashboards/colorstream.json). */
    private static java.util.Set<String> dashboardMetrics() throws Exception {
        com.fasterxml.jackson.databind.JsonNode dash = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("docker/grafana/dashboards/colorstream.json").toFile());
        java.util.Set<String> out = new java.util.TreeSet<>();
        Pattern metric = Pattern.compile("\\b(colorstream_[a-z_]+|kafka_[a-z_]+|jvm_[a-z_]+)\\b");
        for (com.fasterxml.jackson.databind.JsonNode panel : dash.get("panels")) {
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                Matcher m = metric.matcher(target.get("expr").asText());
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        assertTrue(out.size() >= 8, "the dashboard's queries: " + out);
        return out;
    }

    /** A sample's value in Prometheus' text format, for the series with {@code role="…"}; 0 when absent. */
    private static double value(String scrape, String name, String role) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*role=\"" + Pattern.quote(role)
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
