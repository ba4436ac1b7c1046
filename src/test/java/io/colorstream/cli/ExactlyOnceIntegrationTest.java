package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --processing-guarantee exactly_once_v2} works end to end against a real broker (transactions). */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ExactlyOnceIntegrationTest {

    @Test
    void aFilmComesOutWholeUnderExactlyOnce(@TempDir Path dir) throws Exception {
        FilmProbe.quietFfmpeg();
        ClipGenerator.Clip clip = ClipGenerator.gray(160, 96, 25, 15, 10).withAudio(44100, 1);
        Path input = clip.writeTo(dir.resolve("reel.mp4"));
        Path output = dir.resolve("reel-colour.mp4");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            CommandLineTest.Outcome o = CommandLineTest.run("colorize", "--help");
            assertTrue(o.out().contains("--processing-guarantee"), "the option is offered");
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2)
                    .withProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            TopicCreator.createMissing(settings);
            assertEquals(StreamsConfig.EXACTLY_ONCE_V2, new ColorizeService(settings,
                    new ConstantChromaColorizer(64, 64, 30, 20), SmoothingSettings.DEFAULT, "probe")
                    .streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
            try {
                FilmFlow.colorize(settings, IngestJob.of(input.toString()).withVideoId("reel"), output,
                        new ConstantChromaColorizer(64, 64, 30, 20), SmoothingSettings.DEFAULT, Duration.ofMinutes(3),
                        FilmFlow.Listener.NONE, started::push);
            } finally {
                while (!started.isEmpty()) {
                    started.pop().close();
                }
            }
        }
        FilmProbe out = FilmProbe.of(output);
        assertEquals(clip.frameCount(), out.frames(), "every frame, once");
        assertTrue(out.hasAudio());
    }

    /**
     * A colorize process killed without warning (SIGKILL) mid-film under exactly_once_v2 and started again: the
     * film's decoded frames are those of an uninterrupted run, smoothing included (at least once would replay the
     * frames since the last commit and restart smoothing there).
     */
    @Test
    void aKilledColorizeUnderExactlyOnceGivesTheFramesOfACleanRun(@TempDir Path dir) throws Exception {
        FilmProbe.quietFfmpeg();
        java.util.List<java.awt.image.BufferedImage> photos = java.util.List.of(
                javax.imageio.ImageIO.read(getClass().getResource("/photos/kodim23.png")));
        ClipGenerator.Clip clip = ClipGenerator.grayPhotos(128, 96, 25, photos, 300);
        Path input = clip.writeTo(dir.resolve("pan.mp4"));
        Path model = io.colorstream.testing.TinySavedModel.write(dir.resolve("model"), 64, 64);
        Path clean = dir.resolve("clean.mp4");
        Path killed = dir.resolve("killed.mp4");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
             io.colorstream.model.SavedModelColorizer colorizer = io.colorstream.model.SavedModelColorizer.load(model)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2)
                    .withProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            TopicCreator.createMissing(settings);
            Deque<AutoCloseable> started = new ArrayDeque<>();
            try {
                FilmFlow.colorize(settings, IngestJob.of(input.toString()).withVideoId("clean"), clean, colorizer,
                        SmoothingSettings.DEFAULT, Duration.ofMinutes(3), FilmFlow.Listener.NONE, started::push);
            } finally {
                while (!started.isEmpty()) {
                    started.pop().close();
                }
            }

            java.util.List<String> colorize = java.util.List.of("colorize", "--bootstrap-servers",
                    broker.bootstrapServers(), "--partitions", "2", "--model", model.toString(),
                    "--processing-guarantee", "exactly_once_v2", "--application-id", "it-eos-killed",
                    "--state-dir", dir.resolve("state").toString());
            try (io.colorstream.encode.EncodeService encode = new io.colorstream.encode.EncodeService(settings,
                         io.colorstream.encode.EncodeService.Options.singleVideo("killed", killed)
                                 .withGroupId("it-eos-encode").withWorkRoot(dir.resolve("work")));
                 io.colorstream.ingest.IngestService ingest = new io.colorstream.ingest.IngestService(settings,
                         IngestJob.of(input.toString()).withVideoId("killed"))) {
                encode.start();
                Process first = child(colorize, dir.resolve("colorize-1.log"));
                try {
                    ingest.start();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    while (encoded(encode, "killed") < 60 && first.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertTrue(first.isAlive() && encoded(encode, "killed") >= 60,
                            "colorize is mid-film: " + java.nio.file.Files.readString(dir.resolve("colorize-1.log")));
                } finally {
                    first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit
                    first.waitFor(30, TimeUnit.SECONDS);
                }
                long before = encoded(encode, "killed");
                assertTrue(before < clip.frameCount(), "killed before the end: " + before);
                Process second = child(colorize, dir.resolve("colorize-2.log"));
                try {
                    encode.completion("killed").get(3, TimeUnit.MINUTES);
                } finally {
                    second.destroyForcibly();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        java.util.List<byte[]> a = frames(clean);
        java.util.List<byte[]> b = frames(killed);
        assertEquals(clip.frameCount(), a.size());
        assertEquals(a.size(), b.size(), "every frame, once");
        for (int i = 0; i < a.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(i), b.get(i), "frame " + i);
        }
    }

    private static Process child(java.util.List<String> args, Path log) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path")));
        if (System.getProperty("javacpp.platform") != null) {
            command.add("-Djavacpp.platform=" + System.getProperty("javacpp.platform"));
        }
        command.add(Main.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long encoded(io.colorstream.encode.EncodeService encode, String id) {
        return encode.progress(id).map(io.colorstream.encode.EncodeService.Progress::framesEncoded).orElse(0L);
    }

    /** Every decoded frame's BGR bytes. */
    private static java.util.List<byte[]> frames(Path film) throws Exception {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(film.toFile())) {
            g.start();
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabImage()) != null) {
                java.nio.ByteBuffer buf = (java.nio.ByteBuffer) f.image[0];
                byte[] bytes = new byte[f.imageWidth * f.imageHeight * 3];
                for (int y = 0; y < f.imageHeight; y++) {
                    for (int x = 0; x < f.imageWidth * 3; x++) {
                        bytes[y * f.imageWidth * 3 + x] = buf.get(y * f.imageStride + x);
                    }
                }
                out.add(bytes);
            }
        }
        return out;
    }
}
