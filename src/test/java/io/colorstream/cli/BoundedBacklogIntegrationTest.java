package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A film through a real broker with ingest held to a short lead over the encoder, and then the records nobody
 * needs any more deleted: nothing is lost to either, and the broker ends up holding none of the film's frames.
 */
class BoundedBacklogIntegrationTest {
    private static final ClipGenerator.Clip CLIP = ClipGenerator.gray(160, 96, 25, 30, 25, 35).withAudio(44100, 1);

    @Test
    void aShortLeadLosesNoFrameAndConsumedRecordsAreDeleted(@TempDir Path dir) throws Exception {
        Path input = CLIP.writeTo(dir.resolve("reel.mp4"));
        Path output = dir.resolve("reel-colour.mp4");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        AtomicReference<io.colorstream.encode.EncodeService> encoder = new AtomicReference<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            // Colorize commits every second here (30 s by default), so the cleaner need not wait long for it.
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2)
                    .withProperty(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
            TopicCreator.createMissing(settings);
            try {
                FilmFlow.colorize(settings, IngestJob.of(input.toString()).withVideoId("reel"), output,
                        new ConstantChromaColorizer(64, 64, 30, 20), SmoothingSettings.DEFAULT,
                        FilmFlow.Options.defaults(Duration.ofMinutes(5)).withMaxLead(4), FilmFlow.Listener.NONE,
                        part -> {
                            if (part instanceof io.colorstream.encode.EncodeService e) {
                                encoder.set(e);
                            }
                            started.push(part);
                        });
                List<String> topics = List.of(settings.topics().grayFrames().name(),
                        settings.topics().colorFrames().name(), settings.topics().audio().name());
                try (Admin admin = Admin.create(settings.adminProperties())) {
                    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                    for (String t : topics) {
                        for (int p = 0; p < (t.equals(settings.topics().audio().name()) ? 1 : 2); p++) {
                            all.put(new TopicPartition(t, p), OffsetSpec.earliest());
                        }
                    }
                    Map<TopicPartition, Long> before = offsets(admin, all, OffsetSpec.latest());
                    // Every consumed record goes but each partition's newest (its writer may still be writing).
                    Map<TopicPartition, Long> purged = new java.util.HashMap<>();
                    before.forEach((tp, end) -> purged.put(tp, Math.max(0, end - 1)));
                    assertEquals(0L, offsets(admin, all, OffsetSpec.earliest()).values().stream()
                            .mapToLong(Long::longValue).sum(), "nothing deleted before the cleaner runs");

                    // Colorize commits on its own interval; wait until it has committed everything it read.
                    try (ConsumedRecordsCleaner cleaner = new ConsumedRecordsCleaner(settings, encoder.get(),
                            FilmFlow.APPLICATION_ID + "-colorize")) {
                        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                        Map<TopicPartition, Long> earliest;
                        do {
                            cleaner.clean();
                            earliest = offsets(admin, all, OffsetSpec.earliest());
                            Thread.sleep(500);
                        } while (!earliest.equals(purged) && System.nanoTime() < deadline);
                        assertEquals(purged, earliest, "every consumed record of the film is deleted, but for each "
                                + "partition's newest");
                    }
                }
            } finally {
                while (!started.isEmpty()) {
                    started.pop().close();
                }
            }
        }
        FilmProbe out = FilmProbe.of(output);
        assertEquals(CLIP.frameCount(), out.frames(), "every frame, though ingest waited for the encoder");
        assertTrue(out.hasAudio());
        assertEquals(FilmProbe.of(input).audioDurationSeconds(), out.audioDurationSeconds(), 1024.0 / 44100 + 1e-6);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> partitions,
                                                     OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        partitions.keySet().forEach(tp -> ask.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(ask).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
