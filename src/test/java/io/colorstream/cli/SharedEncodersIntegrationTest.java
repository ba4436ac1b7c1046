package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.encode.EncodeService;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.FilmPartitioner;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two encode instances in one consumer group, four films at once, against a real broker: every film comes out
 * whole, each written once, by one of the two (before, both started encoding the same films and two of three never
 * finished).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SharedEncodersIntegrationTest {
    private static final List<String> FILMS = List.of("reel-a", "reel-b", "reel-c", "reel-d");
    private static final int PARTITIONS = 4;

    @Test
    void twoEncodersShareFourFilmsEachWrittenOnce(@TempDir Path dir) throws Exception {
        FilmProbe.quietFfmpeg();
        Set<Integer> partitions = new HashSet<>();
        FILMS.forEach(id -> partitions.add(FilmPartitioner.partition(id, PARTITIONS)));
        assertTrue(partitions.stream().anyMatch(p -> p < 2) && partitions.stream().anyMatch(p -> p >= 2),
                "the films spread over both instances' partitions: " + partitions);
        ClipGenerator.Clip clip = ClipGenerator.gray(128, 72, 25, 12, 14).withAudio(44100, 1);
        Path input = clip.writeTo(dir.resolve("reel.mp4"));
        Path films = dir.resolve("films");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(PARTITIONS);
            TopicCreator.createMissing(settings);
            try (EncodeService one = new EncodeService(settings, EncodeService.Options.filmsIn(films)
                         .withGroupId("shared").withWorkRoot(dir.resolve("work-1")));
                 EncodeService two = new EncodeService(settings, EncodeService.Options.filmsIn(films)
                         .withGroupId("shared").withWorkRoot(dir.resolve("work-2")));
                 ColorizeService colorize = new ColorizeService(settings.withProperty(StreamsConfig.STATE_DIR_CONFIG,
                         dir.resolve("state").toString()), new ConstantChromaColorizer(64, 64, 30, 20),
                         SmoothingSettings.DEFAULT, "it-shared-encoders")) {
                one.start();
                two.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while ((one.assignedPartitions().isEmpty() || two.assignedPartitions().isEmpty())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(one.assignedPartitions().isEmpty() || two.assignedPartitions().isEmpty(),
                        "both instances have partitions");
                colorize.start();
                List<IngestService> ingests = new ArrayList<>();
                try {
                    for (String id : FILMS) {
                        IngestService ingest = new IngestService(settings, IngestJob.of(input.toString()).withVideoId(id));
                        ingests.add(ingest);
                        ingest.start();
                    }
                    deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    // Done = its completion is settled (the file appears a moment before the poll thread says so).
                    while (!FILMS.stream().allMatch(id -> one.completion(id).isDone() || two.completion(id).isDone())
                            && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                } finally {
                    ingests.forEach(IngestService::close);
                }
                for (String id : FILMS) {
                    boolean byOne = one.completion(id).isDone() && !one.completion(id).isCompletedExceptionally();
                    boolean byTwo = two.completion(id).isDone() && !two.completion(id).isCompletedExceptionally();
                    assertTrue(byOne ^ byTwo, id + " is written by exactly one instance (one: " + byOne + ", two: "
                            + byTwo + ")");
                }
                assertTrue(FILMS.stream().anyMatch(id -> one.completion(id).isDone()), "instance one wrote films");
                assertTrue(FILMS.stream().anyMatch(id -> two.completion(id).isDone()), "instance two wrote films");
            }
        }
        for (String id : FILMS) {
            assertEquals(clip.frameCount(), FilmProbe.of(films.resolve(id + ".mp4")).frames(), id + " is whole");
        }
        try (Stream<Path> written = Files.list(films)) {
            assertEquals(FILMS.size(), written.count(), "each film once: no -2 copies, no leftovers");
        }
    }
}
