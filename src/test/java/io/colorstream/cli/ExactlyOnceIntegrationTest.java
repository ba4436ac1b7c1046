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
@Timeout(value = 4, unit = TimeUnit.MINUTES)
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
}
