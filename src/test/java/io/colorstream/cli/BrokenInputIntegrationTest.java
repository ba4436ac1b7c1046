package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.colorstream.encode.EncodeService;
import io.colorstream.encode.PartialFilmException;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.ingest.InputInterruptedException;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that break or go silent, against a real broker. One that breaks mid-film (here: a stream that switches
 * resolution, which ingest refuses): the frames before the break still come out, as a partial film beside the
 * output, and the failure says so; before, the one-process run threw the work away and a standing encoder waited
 * for the film forever. An ingest killed mid-film (no totals at all): a standing encoder finishes the frames that
 * came through as a partial film once everything has been silent for its give-up time. One that never sends a
 * byte: the run fails once nothing has moved for its timeout.
 */
class BrokenInputIntegrationTest {
    private static final ClipGenerator.Clip FIRST = ClipGenerator.gray(160, 96, 25, 12, 16).withAudio(44100, 1);
    private static final ClipGenerator.Clip SECOND = ClipGenerator.gray(192, 96, 25, 10).withAudio(44100, 1);

    @TempDir
    static Path tmp;
    private static Path input;

    @BeforeAll
    static void writeBrokenStream() throws Exception {
        FilmProbe.quietFfmpeg();
        input = ClipGenerator.sizeChangingStream(FIRST, SECOND, tmp.resolve("feed.ts"));
    }

    @Test
    void oneProcessRunKeepsTheFramesBeforeTheBreakAndFailsNamingThem(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("feed-colour.mp4");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        FilmFlow.FlowException e;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2);
            TopicCreator.createMissing(settings);
            try {
                e = assertThrows(FilmFlow.FlowException.class, () -> FilmFlow.colorize(settings,
                        IngestJob.of(input.toString()).withVideoId("feed"), output,
                        new ConstantChromaColorizer(64, 64, 30, 20), SmoothingSettings.DEFAULT, Duration.ofMinutes(5),
                        FilmFlow.Listener.NONE, started::push));
            } finally {
                while (!started.isEmpty()) {
                    started.pop().close();
                }
            }
        }
        Path partial = dir.resolve("feed-colour.partial.mp4");
        PartialFilmException cause = assertInstanceOf(PartialFilmException.class, e.getCause());
        assertTrue(e.getMessage().contains("192x96") && e.getMessage().contains(partial.toString()),
                e.getMessage());
        assertFalse(Files.exists(output), "no whole film where there is none");
        assertPartialFilm(partial, cause.frames());
    }

    @Test
    void standingEncoderFinishesAPartialFilmInsteadOfWaitingForever(@TempDir Path dir) throws Exception {
        Path films = dir.resolve("films");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            TopicCreator.createMissing(settings);
            try (EncodeService encode = new EncodeService(settings, EncodeService.Options.filmsIn(films)
                         .withWorkRoot(dir.resolve("work")));
                 ColorizeService colorize = new ColorizeService(settings.withProperty(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG,
                         dir.resolve("state").toString()), new ConstantChromaColorizer(64, 64, 30, 20),
                         SmoothingSettings.DEFAULT, "it-interrupted");
                 IngestService ingest = new IngestService(settings, IngestJob.of(input.toString())
                         .withVideoId("cam-7"))) {
                encode.start();
                colorize.start();
                ingest.start();
                ExecutionException ingestFailed = assertThrows(ExecutionException.class,
                        () -> ingest.completion().get(2, TimeUnit.MINUTES));
                InputInterruptedException broken = assertInstanceOf(InputInterruptedException.class,
                        ingestFailed.getCause());
                ExecutionException encodeFailed = assertThrows(ExecutionException.class,
                        () -> encode.completion("cam-7").get(3, TimeUnit.MINUTES));
                PartialFilmException partial = assertInstanceOf(PartialFilmException.class, encodeFailed.getCause());
                assertEquals(broken.framesPublished(), partial.frames(), "every published frame is in the film");
                assertEquals(films.resolve("cam-7.partial.mp4").toAbsolutePath(), partial.film().toAbsolutePath());
            }
        }
        assertFalse(Files.exists(films.resolve("cam-7.mp4")));
        assertPartialFilm(films.resolve("cam-7.partial.mp4"), -1);
    }

    @Test
    void standingEncoderGivesUpOnAFilmWhoseIngestWasKilled(@TempDir Path dir) throws Exception {
        Path clip = ClipGenerator.gray(160, 96, 25, 40).withAudio(44100, 1).writeTo(dir.resolve("reel.mp4"));
        Path films = dir.resolve("films");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            TopicCreator.createMissing(settings);
            try (EncodeService encode = new EncodeService(settings, EncodeService.Options.filmsIn(films)
                         .withWorkRoot(dir.resolve("work")).withGiveUpAfter(Duration.ofSeconds(6)));
                 ColorizeService colorize = new ColorizeService(settings.withProperty(
                         org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString()),
                         new ConstantChromaColorizer(64, 64, 30, 20), SmoothingSettings.DEFAULT, "it-killed");
                 // Held to 12 frames ahead of an encoder that never counts: it publishes about 12 and waits.
                 IngestService ingest = new IngestService(settings, IngestJob.of(clip.toString())
                         .withVideoId("cam-8")).limitLead(() -> 0, 12)) {
                encode.start();
                colorize.start();
                ingest.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (encoded(encode, "cam-8") < 12 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(encoded(encode, "cam-8") >= 12, "the published frames went through");
                assertFalse(encode.completion("cam-8").isDone(), "without totals the film waits");
                ingest.stop(); // as a kill would: no totals, no shot end, no word
                long published = ingest.framesPublished();

                ExecutionException encodeFailed = assertThrows(ExecutionException.class,
                        () -> encode.completion("cam-8").get(2, TimeUnit.MINUTES));
                PartialFilmException partial = assertInstanceOf(PartialFilmException.class, encodeFailed.getCause());
                assertEquals(published, partial.frames(), "every frame that was published is in the film");
                assertTrue(partial.getMessage().contains("nothing arrived for 6.0 s"), partial.getMessage());
                assertEquals(films.resolve("cam-8.partial.mp4").toAbsolutePath(), partial.film().toAbsolutePath());
            }
        }
        assertFalse(Files.exists(films.resolve("cam-8.mp4")));
        FilmProbe p = FilmProbe.of(films.resolve("cam-8.partial.mp4"));
        assertTrue(p.frames() >= 12 && p.frames() < 40, p.frames() + " frames");
        assertTrue(p.hasAudio(), "the sound that came with those frames is kept");
    }

    @Test
    void aFlowThatStopsMovingFailsAfterTheStallTimeoutNamingWhatItWaitsFor(@TempDir Path dir) throws Exception {
        // A feed that answers but never sends a byte: ingest waits in its read, nothing moves.
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CountDownLatch release = new CountDownLatch(1);
        silent.createContext("/cam", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        silent.start();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            TopicCreator.createMissing(settings);
            String url = "http://127.0.0.1:" + silent.getAddress().getPort() + "/cam";
            long t0 = System.nanoTime();
            {
                FilmFlow.FlowException e;
                try {
                    e = assertThrows(FilmFlow.FlowException.class, () -> FilmFlow.colorize(settings,
                            IngestJob.of(url).withVideoId("silent").withSocketTimeout(Duration.ofSeconds(20)),
                            dir.resolve("silent.mp4"), new ConstantChromaColorizer(64, 64, 30, 20),
                            SmoothingSettings.DEFAULT, Duration.ofSeconds(3), FilmFlow.Listener.NONE, started::push));
                } finally {
                    release.countDown();
                    while (!started.isEmpty()) {
                        started.pop().close();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(e.getMessage().startsWith("nothing moved for 3 s (0 frames published, 0 colorized, 0 encoded)"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("the encoder has seen nothing of silent"), e.getMessage());
                assertTrue(seconds < 20, "failed on the stall, not on the socket timeout: " + seconds + " s");
            }
        } finally {
            silent.stop(0);
        }
    }

    private static long encoded(EncodeService encode, String videoId) {
        return encode.progress(videoId).map(EncodeService.Progress::framesEncoded).orElse(0L);
    }

    /** The first part's frames up to the break (a B-frame or two short: see IngestServiceTest), with sound. */
    private static void assertPartialFilm(Path film, long expectedFrames) throws Exception {
        assertTrue(Files.isRegularFile(film), film + " exists");
        FilmProbe p = FilmProbe.of(film);
        assertEquals(160, p.width());
        assertTrue(p.frames() >= FIRST.frameCount() - 4 && p.frames() <= FIRST.frameCount(), p.frames() + " frames");
        if (expectedFrames >= 0) {
            assertEquals(expectedFrames, p.frames());
        }
        assertTrue(p.hasAudio(), "the sound before the break is kept");
        assertEquals(p.videoDurationSeconds(), p.audioDurationSeconds(), 0.6, "sound about as long as the picture");
    }
}
