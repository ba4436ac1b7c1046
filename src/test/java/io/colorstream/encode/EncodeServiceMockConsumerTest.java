package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.colorstream.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode role's Kafka loop against Kafka's MockConsumer: routing by topic, completion futures, and which
 * offsets are safe to commit. (The real broker path is the integration tests' job.)
 */
class EncodeServiceMockConsumerTest {
    private static final KafkaSettings KAFKA = KafkaSettings.of("localhost:1");
    private static final Topics TOPICS = KAFKA.topics();
    private static final TopicPartition VIDEOS = new TopicPartition(TOPICS.videos().name(), 0);
    private static final TopicPartition AUDIO = new TopicPartition(TOPICS.audio().name(), 0);
    private static final TopicPartition COLOR0 = new TopicPartition(TOPICS.colorFrames().name(), 0);
    private static final TopicPartition COLOR1 = new TopicPartition(TOPICS.colorFrames().name(), 1);
    private static final TopicPartition DEAD = new TopicPartition(TOPICS.deadLetter(), 0);

    /** What the encoder sent to the dead-letter topic. */
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    private <V> ConsumerRecord<String, byte[]> record(TopicPartition tp, String key, byte[] value) {
        long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value);
    }

    private ConsumerRecord<String, byte[]> facts(VideoFacts f) {
        return record(VIDEOS, f.videoId(), TOPICS.videos().valueSerde().serializer().serialize("", f));
    }

    private ConsumerRecord<String, byte[]> color(int partition, ColorRecord r) {
        String key = r.videoId() + "/" + r.shot();
        return record(partition == 0 ? COLOR0 : COLOR1, key,
                TOPICS.colorFrames().valueSerde().serializer().serialize("", r));
    }

    private ConsumerRecord<String, byte[]> audio(AudioChunk c) {
        return record(AUDIO, c.videoId(), TOPICS.audio().valueSerde().serializer().serialize("", c));
    }

    /** Video {@code id}: shot 0 on colour partition 0, shot 1 on partition 1, 0.4 s of sound. */
    private List<ConsumerRecord<String, byte[]>> video(String id, boolean withTotals) {
        VideoFacts facts = SyntheticFilm.facts(id, 32, 24, 10, 1, 8_000, 1);
        List<AudioChunk> sound = SyntheticFilm.tone(id, 8_000, 1, 0.4, 800);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        out.add(facts(facts));
        for (int i = 0; i < 2; i++) {
            out.add(color(1, SyntheticFilm.colorFrame(id, 2 + i, 1, (2 + i) * 100_000L, 32, 24, 4, 3, 10, 10)));
            out.add(color(0, SyntheticFilm.colorFrame(id, i, 0, i * 100_000L, 32, 24, 4, 3, 10, 10)));
            out.add(audio(sound.get(2 * i)));
            out.add(audio(sound.get(2 * i + 1)));
        }
        out.add(color(0, new ShotEnd(id, 0, 2)));
        out.add(color(1, new ShotEnd(id, 1, 2)));
        out.add(color(1, SyntheticFilm.colorFrame(id, 3, 1, 300_000L, 32, 24, 4, 3, 10, 10))); // redelivery
        if (withTotals) {
            out.add(facts(facts.withTotals(new VideoFacts.Totals(4, new long[] {2, 2}, sound.size()))));
        }
        return out;
    }

    @Test
    void encodesCompleteVideosAndCommitsOnlyPastFinishedOnes() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> all = List.of(VIDEOS, AUDIO, COLOR0, COLOR1);
        Map<TopicPartition, Long> zero = new HashMap<>();
        all.forEach(tp -> zero.put(tp, 0L));
        consumer.updateBeginningOffsets(zero);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(video("done", true));
        records.addAll(video("open", false)); // never gets its totals
        consumer.schedulePollTask(() -> {
            consumer.rebalance(all);
            records.forEach(consumer::addRecord);
        });

        EncodeService.Options options = EncodeService.Options.filmsIn(dir.resolve("films"))
                .withWorkRoot(dir.resolve("work"))
                .withEncoding(FilmEncoder.Settings.defaults().withPreset("veryfast"));
        EncodeService service = new EncodeService(KAFKA, options, p -> consumer, deadLetters::add);
        Path film;
        try {
            service.start();
            film = service.completion("done").get(60, TimeUnit.SECONDS);
            assertEquals(dir.resolve("films/done.mp4").toAbsolutePath(), film);
            EncodeService.Progress doneProgress = service.progress("done").orElseThrow();
            assertEquals(4, doneProgress.framesEncoded());
            assertTrue(doneProgress.finished());

            // The open video's first records bound what may be committed on every partition it touched:
            // "done" took offsets 0-1 of videos, 0-3 of audio, 0-2 of colour-0 and 0-3 of colour-1.
            Map<TopicPartition, Long> expected = Map.of(VIDEOS, 2L, AUDIO, 4L, COLOR0, 3L, COLOR1, 4L);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (expected.entrySet().stream().allMatch(e -> committedOf(e.getKey(), consumer) == e.getValue())) {
                    break;
                }
                Thread.sleep(20);
            }
            // Read after the wait: a commit landing between a read and the check must not be missed.
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(all));
            for (Map.Entry<TopicPartition, Long> e : expected.entrySet()) {
                assertEquals(e.getValue(), committed.get(e.getKey()).offset(), "committed offset of " + e.getKey());
            }
            EncodeService.Progress open = service.progress("open").orElseThrow();
            assertFalse(open.finished());
            assertEquals(-1, open.framesTotal());
            assertTrue(open.waitingFor().contains("totals"), open.waitingFor());
        } finally {
            service.stop();
        }
        ExecutionException stopped = assertThrows(ExecutionException.class,
                () -> service.completion("open").get(10, TimeUnit.SECONDS));
        assertTrue(stopped.getCause().getMessage().contains("stopped"), stopped.getCause().getMessage());
        assertFalse(Files.exists(dir.resolve("films/open.mp4")));
        try (var left = Files.list(dir.resolve("films"))) {
            assertEquals(List.of(film), left.toList(), "no temporary file of the open video is left");
        }
        assertTrue(!Files.exists(dir.resolve("work/open")), "its spill files are gone");
        FilmProbe p = FilmProbe.of(film);
        assertEquals(4, p.frames());
        assertTrue(p.hasAudio());
        assertEquals(0.4, p.audioDurationSeconds(), 1024.0 / 8_000 + 1e-6);
    }

    private static long committedOf(TopicPartition tp, MockConsumer<String, byte[]> consumer) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? -1 : o.offset();
    }

    @Test
    void aBrokenVideoFailsAloneAndClearly() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> all = List.of(VIDEOS, AUDIO, COLOR0, COLOR1);
        Map<TopicPartition, Long> zero = new HashMap<>();
        all.forEach(tp -> zero.put(tp, 0L));
        consumer.updateBeginningOffsets(zero);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(record(COLOR0, "bad/0", new byte[] {1, 2, 3})); // not a colour record
        records.addAll(video("good", true));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(all);
            records.forEach(consumer::addRecord);
        });
        EncodeService service = new EncodeService(KAFKA, EncodeService.Options.filmsIn(dir.resolve("films"))
                .withWorkRoot(dir.resolve("work"))
                .withEncoding(FilmEncoder.Settings.defaults().withPreset("veryfast")), p -> consumer, deadLetters::add);
        try {
            service.start();
            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> service.completion("bad").get(60, TimeUnit.SECONDS));
            assertTrue(bad.getCause().getMessage().contains("bad"), bad.getCause().getMessage());
            assertTrue(bad.getCause().getMessage().contains(TOPICS.deadLetter()), "says where the record went");
            assertTrue(Files.exists(service.completion("good").get(60, TimeUnit.SECONDS)));
        } finally {
            service.stop();
        }
        assertEquals(1, deadLetters.size());
        ProducerRecord<byte[], byte[]> dead = deadLetters.get(0);
        assertEquals(TOPICS.deadLetter(), dead.topic());
        assertEquals("bad/0", new String(dead.key(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {1, 2, 3}, dead.value(), "the record as it was");
        assertEquals(COLOR0.topic(), DeadLetters.header(dead.headers(), DeadLetters.TOPIC));
        assertEquals("0", DeadLetters.header(dead.headers(), DeadLetters.PARTITION));
        assertEquals("0", DeadLetters.header(dead.headers(), DeadLetters.OFFSET));
        assertEquals("encode", DeadLetters.header(dead.headers(), DeadLetters.ROLE));
        assertTrue(DeadLetters.header(dead.headers(), DeadLetters.MESSAGE) != null);
    }

    @Test
    void aDeadLetterFromColorizeEndsItsFilmAsPartialAndTheOthersGoOn() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> all = List.of(VIDEOS, AUDIO, COLOR0, COLOR1, DEAD);
        Map<TopicPartition, Long> zero = new HashMap<>();
        all.forEach(tp -> zero.put(tp, 0L));
        consumer.updateBeginningOffsets(zero);
        // "hit" gets frames 0-1 of shot 0, then colorize's dead letter for its shot 1 (no totals follow).
        List<ConsumerRecord<String, byte[]>> hit = video("hit", false).stream()
                .filter(r -> !r.topic().equals(COLOR1.topic()) || r.partition() != 1).toList();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(hit);
        ConsumerRecord<String, byte[]> dead = record(DEAD, "hit/1", new byte[] {9});
        dead.headers().add(DeadLetters.EXCEPTION, "org.apache.kafka.common.errors.SerializationException"
                .getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.MESSAGE, "garbled frame".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.TOPIC, TOPICS.grayFrames().name().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.PARTITION, "1".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.OFFSET, "2".getBytes(StandardCharsets.UTF_8));
        records.add(dead);
        records.addAll(video("fine", true));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(all);
            records.forEach(consumer::addRecord);
        });
        EncodeService service = new EncodeService(KAFKA, EncodeService.Options.filmsIn(dir.resolve("films"))
                .withWorkRoot(dir.resolve("work")).withDeadLetterGrace(java.time.Duration.ofMillis(500))
                .withEncoding(FilmEncoder.Settings.defaults().withPreset("veryfast")), p -> consumer, deadLetters::add);
        try {
            service.start();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> service.completion("hit").get(60, TimeUnit.SECONDS));
            PartialFilmException partial = assertInstanceOf(PartialFilmException.class, failed.getCause());
            assertTrue(partial.getMessage().contains("garbled frame"), partial.getMessage());
            assertTrue(partial.getMessage().contains("frames.gray-1@2"), partial.getMessage());
            assertEquals(2, FilmProbe.of(dir.resolve("films/hit.partial.mp4")).frames(), "what it had is kept");
            assertEquals(4, FilmProbe.of(service.completion("fine").get(60, TimeUnit.SECONDS)).frames());
        } finally {
            service.stop();
        }
        assertTrue(deadLetters.isEmpty(), "a dead letter read is not written again");
    }

    @Test
    void aDeadLetterThatOvertakesTheFramesColouredBeforeItKeepsThemInThePartialFilm() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> all = List.of(VIDEOS, AUDIO, COLOR0, COLOR1, DEAD);
        Map<TopicPartition, Long> zero = new HashMap<>();
        all.forEach(tp -> zero.put(tp, 0L));
        consumer.updateBeginningOffsets(zero);
        // colorize failed on shot 1 of "late"; its dead letter reaches the encoder before shot 0's two frames,
        // which come in a later poll (the encoder reads behind colorize).
        List<ConsumerRecord<String, byte[]>> late = video("late", false).stream()
                .filter(r -> !r.topic().equals(COLOR1.topic()) || r.partition() != 1).toList();
        ConsumerRecord<String, byte[]> dead = record(DEAD, "late/1", new byte[] {9});
        dead.headers().add(DeadLetters.MESSAGE, "the model failed".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DeadLetters.TOPIC, TOPICS.grayFrames().name().getBytes(StandardCharsets.UTF_8));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(all);
            consumer.addRecord(dead);
            consumer.addRecord(late.get(0)); // the film's facts
        });
        consumer.schedulePollTask(() -> late.subList(1, late.size()).forEach(consumer::addRecord));
        EncodeService service = new EncodeService(KAFKA, EncodeService.Options.filmsIn(dir.resolve("films"))
                .withWorkRoot(dir.resolve("work")).withDeadLetterGrace(java.time.Duration.ofSeconds(1))
                .withEncoding(FilmEncoder.Settings.defaults().withPreset("veryfast")), p -> consumer, deadLetters::add);
        try {
            service.start();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> service.completion("late").get(60, TimeUnit.SECONDS));
            PartialFilmException partial = assertInstanceOf(PartialFilmException.class, failed.getCause());
            assertTrue(partial.getMessage().contains("the model failed"), partial.getMessage());
            assertEquals(2, FilmProbe.of(dir.resolve("films/late.partial.mp4")).frames(),
                    "the frames coloured before the failure are kept, though they came after its dead letter");
        } finally {
            service.stop();
        }
    }

    @Test
    void aDeadPollLoopIsSeenAndSaysWhy() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.setPollException(new org.apache.kafka.common.KafkaException("the cluster is gone"));
        EncodeService service = new EncodeService(KAFKA, EncodeService.Options.filmsIn(dir.resolve("films"))
                .withWorkRoot(dir.resolve("work")), p -> consumer, deadLetters::add);
        try {
            service.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (service.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(service.isAlive());
            assertTrue(service.loopFailure().orElseThrow().getMessage().contains("the cluster is gone"));
        } finally {
            service.stop();
        }
    }
}
