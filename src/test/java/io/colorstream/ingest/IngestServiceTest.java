package io.colorstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import io.colorstream.testing.ClipGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publishing order and its guarantees, through a MockProducer (the real broker is the lead's integration test). */
class IngestServiceTest {
    private static final Topics TOPICS = Topics.withPrefix("test.");
    private static final ClipGenerator.Clip CLIP = ClipGenerator.gray(160, 96, 25, 8, 10).withAudio(44100, 1);

    @TempDir
    static Path tmp;
    private static Path film;

    @BeforeAll
    static void writeFilm() throws IOException {
        film = CLIP.writeTo(tmp.resolve("reel.mp4"));
    }

    private static MockProducer<String, byte[]> mockProducer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void publishesFactsFramesShotEndsAudioThenTotalsInOrder() {
        MockProducer<String, byte[]> producer = mockProducer();
        IngestService ingest = new IngestService(IngestJob.of(film.toString()).withVideoId("reel"), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer);
        VideoFacts result = ingest.ingest();

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        // First: the facts without totals; last: the facts with totals.
        VideoFacts first = facts(sent.get(0));
        assertEquals("reel", sent.get(0).key());
        assertNull(first.totals());
        assertEquals(160, first.width());
        assertEquals(25, first.frameRateNum());
        assertEquals(44100, first.audioSampleRate());
        VideoFacts last = facts(sent.get(sent.size() - 1));
        assertEquals(TOPICS.videos().name(), sent.get(sent.size() - 1).topic());
        assertNotNull(last.totals());
        assertEquals(18, last.totals().frames());
        assertArrayEquals(new long[] {8, 10}, last.totals().shotFrameCounts());
        assertEquals(result.totals().frames(), last.totals().frames());

        // Frames and shot ends: in order, each shot's end after all its frames, under the shot's key.
        List<GrayRecord> gray = new ArrayList<>();
        List<String> grayKeys = new ArrayList<>();
        List<AudioChunk> audio = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : sent.subList(1, sent.size() - 1)) {
            if (r.topic().equals(TOPICS.grayFrames().name())) {
                gray.add(TOPICS.grayFrames().valueSerde().deserializer().deserialize(r.topic(), r.value()));
                grayKeys.add(r.key());
            } else {
                assertEquals(TOPICS.audio().name(), r.topic());
                assertEquals("reel", r.key());
                audio.add(TOPICS.audio().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        }
        assertEquals(20, gray.size(), "18 frames and 2 shot ends");
        long seq = 0;
        int[] shotOf = CLIP.shotOfFrames();
        for (int i = 0; i < gray.size(); i++) {
            GrayRecord rec = gray.get(i);
            assertEquals("reel/" + rec.shot(), grayKeys.get(i));
            if (rec instanceof GrayFrame f) {
                assertEquals(seq, f.seq());
                assertEquals(shotOf[(int) seq], f.shot());
                assertEquals(seq * 40_000, f.ptsMicros(), 1000);
                assertEquals(160 * 96, f.luma().length);
                seq++;
            }
        }
        assertEquals(new ShotEnd("reel", 0, 8), gray.get(8), "shot 0 ends right after its 8 frames");
        assertEquals(new ShotEnd("reel", 1, 10), gray.get(19), "the last shot ends at the end of the film");

        // Sound: ~0.5 s chunks in order, adding up to the film's 0.72 s.
        assertEquals(last.totals().audioChunks(), audio.size());
        assertTrue(audio.size() >= 2, "0.72 s of sound makes two chunks");
        long samples = 0;
        for (int i = 0; i < audio.size(); i++) {
            AudioChunk c = audio.get(i);
            assertEquals(i, c.index());
            assertEquals(samples * 1_000_000 / 44100, c.ptsMicros(), 1000, "chunk pts follows the samples");
            samples += c.samples().length / 2;
        }
        assertEquals(0.72, samples / 44100.0, 1024 / 44100.0);

        assertEquals(18, ingest.framesPublished());
        assertEquals(18, ingest.frameCountHint());
        assertTrue(ingest.completion().isDone());
        assertTrue(producer.closed(), "the producer is closed at the end");
    }

    @Test
    void frameOverTheRecordLimitIsRefusedBeforeAnythingIsSent() {
        MockProducer<String, byte[]> producer = mockProducer();
        IngestService ingest = new IngestService(IngestJob.of(film.toString()), TOPICS, 10_000, () -> producer);
        IngestException e = assertThrows(IngestException.class, ingest::ingest);
        assertEquals("frames of reel.mp4 (160x96) are 15 KiB each, over the 10 KiB record limit;"
                + " raise --max-record-bytes", e.getMessage());
        assertTrue(producer.history().isEmpty(), "nothing published");
        assertTrue(ingest.completion().isCompletedExceptionally());
    }

    @Test
    void sizesReadLikeTheLimit() {
        assertEquals("16 MiB", IngestService.size(16 * 1024 * 1024));
        assertEquals("24.3 MiB", IngestService.size((long) (24.3 * 1024 * 1024)));
        assertEquals("15 KiB", IngestService.size(15_500));
    }

    @Test
    void aLostFrameFailsIngestLoudlyAndNoTotalsArePublished() {
        // Kafka rejects the 5th frame asynchronously, as a broker timeout would.
        List<ProducerRecord<String, byte[]>> accepted = new ArrayList<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            private int frames;

            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                if (record.topic().equals(TOPICS.grayFrames().name()) && frames++ == 4) {
                    TimeoutException lost = new TimeoutException("Expiring 1 record(s) for test.frames.gray-0");
                    callback.onCompletion(null, lost);
                    return CompletableFuture.failedFuture(lost);
                }
                accepted.add(record);
                return super.send(record, callback);
            }
        };
        IngestService ingest = new IngestService(IngestJob.of(film.toString()).withVideoId("reel"), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer);
        IngestException e = assertThrows(IngestException.class, ingest::ingest);
        assertTrue(e.getMessage().contains("frame 4 of reel.mp4") && e.getMessage().contains("Expiring"),
                e.getMessage());
        for (ProducerRecord<String, byte[]> r : accepted) {
            if (r.topic().equals(TOPICS.videos().name())) {
                assertNull(facts(r).totals(), "no completion signal after a lost frame");
            }
        }
        assertEquals(4, ingest.framesPublished());
    }

    @Test
    void inputThatBreaksMidFilmStillPublishesTheFramesBeforeAsAnInterruptedFilm() throws IOException {
        // 18 frames at 160x96 with sound, then the stream switches to 128x96: decoding breaks there.
        Path broken = ClipGenerator.sizeChangingStream(CLIP, ClipGenerator.gray(128, 96, 25, 6).withAudio(44100, 1),
                tmp.resolve("switches.ts"));
        MockProducer<String, byte[]> producer = mockProducer();
        IngestService ingest = new IngestService(IngestJob.of(broken.toString()).withVideoId("feed"), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer);

        InputInterruptedException e = assertThrows(InputInterruptedException.class, ingest::ingest);
        // FFmpeg's H.264 decoder drops the last reordered (B-)frames of the first part when the size changes, so
        // the break comes a frame or two before 18; everything decoded before it is kept.
        long kept = e.framesPublished();
        assertTrue(kept >= 12 && kept <= 18, "frames before the break: " + kept);
        assertTrue(e.getMessage().contains("frame " + kept + " of switches.ts is 128x96")
                && e.getMessage().contains("partial film"), e.getMessage());
        assertTrue(ingest.completion().isCompletedExceptionally());

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        VideoFacts last = facts(sent.get(sent.size() - 1));
        assertTrue(last.interrupted(), "the last record says the input broke");
        assertTrue(last.interruption().contains("128x96"), last.interruption());
        assertEquals(kept, last.totals().frames(), "totals count what was published before the break");
        assertArrayEquals(new long[] {8, kept - 8}, last.totals().shotFrameCounts());
        long frames = 0;
        List<ShotEnd> ends = new ArrayList<>();
        long audioChunks = 0;
        for (ProducerRecord<String, byte[]> r : sent) {
            if (r.topic().equals(TOPICS.grayFrames().name())) {
                GrayRecord rec = TOPICS.grayFrames().valueSerde().deserializer().deserialize(r.topic(), r.value());
                if (rec instanceof GrayFrame) {
                    frames++;
                } else {
                    ends.add((ShotEnd) rec);
                }
            } else if (r.topic().equals(TOPICS.audio().name())) {
                audioChunks++;
            }
        }
        assertEquals(kept, frames);
        assertEquals(List.of(new ShotEnd("feed", 0, 8), new ShotEnd("feed", 1, kept - 8)), ends,
                "the shot open at the break is closed");
        assertEquals(last.totals().audioChunks(), audioChunks, "the sound before the break is published");
        assertTrue(audioChunks >= 1);
    }

    /** A producer that asks ingest to end its input when the {@code n}-th frame (0-based) is sent. */
    private static MockProducer<String, byte[]> endingInputAtFrame(int n, AtomicReference<IngestService> ingest) {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            private int frames;

            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                if (record.topic().equals(TOPICS.grayFrames().name()) && isFrame(record) && frames++ == n) {
                    ingest.get().endInput(); // as a first Ctrl-C would, while decoding
                }
                return super.send(record, callback);
            }
        };
    }

    private static boolean isFrame(ProducerRecord<String, byte[]> r) {
        return TOPICS.grayFrames().valueSerde().deserializer().deserialize(r.topic(), r.value()) instanceof GrayFrame;
    }

    @Test
    void aFileEndedEarlyIsPublishedAsAnInterruptedFilm() {
        AtomicReference<IngestService> ref = new AtomicReference<>();
        MockProducer<String, byte[]> producer = endingInputAtFrame(11, ref);
        IngestService ingest = new IngestService(IngestJob.of(film.toString()).withVideoId("reel"), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer);
        ref.set(ingest);
        InputInterruptedException e = assertThrows(InputInterruptedException.class, ingest::ingest);
        assertEquals(12, e.framesPublished(), "the frame being decoded is the last");
        assertTrue(e.getMessage().contains("stopped at frame 12, before the end of the film"), e.getMessage());
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        VideoFacts last = facts(sent.get(sent.size() - 1));
        assertTrue(last.interrupted());
        assertArrayEquals(new long[] {8, 4}, last.totals().shotFrameCounts());
    }

    @Test
    void aLiveFeedEndedByItsOperatorIsAWholeFilm() throws Exception {
        // A transport stream over HTTP without a length, as a camera or a broadcast arrives: no known duration.
        byte[] ts = Files.readAllBytes(CLIP.writeTo(tmp.resolve("feed-source.ts")));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the length is unknown
            try (var body = exchange.getResponseBody()) {
                body.write(ts);
            } catch (IOException closedByTheReader) {
                // ingest stopped reading: expected
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live";
            AtomicReference<IngestService> ref = new AtomicReference<>();
            MockProducer<String, byte[]> producer = endingInputAtFrame(11, ref);
            IngestService ingest = new IngestService(IngestJob.of(url).withVideoId("cam"), TOPICS,
                    KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer)
                    .limitLead(() -> 0, 1); // a camera cannot wait: never held back
            ref.set(ingest);
            VideoFacts done = ingest.ingest();
            assertEquals(-1, done.durationMicros(), "a feed has no known length");
            assertFalse(done.interrupted(), "a live feed ends when it is stopped, and is whole");
            assertEquals(12, done.totals().frames());
            assertArrayEquals(new long[] {8, 4}, done.totals().shotFrameCounts());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFileIsHeldToItsLeadOverWhatIsDoneDownstream() throws Exception {
        AtomicLong encoded = new AtomicLong();
        MockProducer<String, byte[]> producer = mockProducer();
        try (IngestService ingest = new IngestService(IngestJob.of(film.toString()).withVideoId("reel"), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer).limitLead(encoded::get, 5)) {
            ingest.start();
            awaitPublished(ingest, 5);
            Thread.sleep(300);
            assertEquals(5, ingest.framesPublished(), "frames 0-4 out, frame 5 waits for the encoder");
            encoded.set(10);
            awaitPublished(ingest, 15);
            Thread.sleep(300);
            assertEquals(15, ingest.framesPublished());
            encoded.set(1000);
            assertEquals(18, ingest.completion().get(60, TimeUnit.SECONDS).totals().frames());
        }
        assertThrows(IllegalArgumentException.class, () -> new IngestService(IngestJob.of(film.toString()), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer).limitLead(() -> 0, 0));
    }

    private static void awaitPublished(IngestService ingest, long frames) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ingest.framesPublished() < frames && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(frames, ingest.framesPublished());
    }

    @Test
    void runsAsAServiceAndReportsThroughItsCompletion() throws Exception {
        MockProducer<String, byte[]> producer = mockProducer();
        try (IngestService ingest = new IngestService(IngestJob.of(film.toString()), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer)) {
            ingest.start();
            VideoFacts done = ingest.completion().get(60, TimeUnit.SECONDS);
            assertEquals(18, done.totals().frames());
            assertEquals(ingest.videoId(), done.videoId());
            assertTrue(done.videoId().startsWith("reel-"), "derived from the file name: " + done.videoId());
        }
    }

    @Test
    void missingFilmFailsTheCompletionWithTheFileNamed() {
        MockProducer<String, byte[]> producer = mockProducer();
        String missing = tmp.resolve("missing.mkv").toString();
        try (IngestService ingest = new IngestService(IngestJob.of(missing), TOPICS,
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, () -> producer)) {
            ingest.start();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ingest.completion().get(60, TimeUnit.SECONDS));
            assertInstanceOf(FilmInputException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains(missing), e.getCause().getMessage());
            assertFalse(producer.history().stream().anyMatch(r -> true), "nothing published");
        }
    }

    private static VideoFacts facts(ProducerRecord<String, byte[]> record) {
        assertEquals(TOPICS.videos().name(), record.topic());
        return TOPICS.videos().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }
}
