package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.encode.EncodeService;
import io.colorstream.encode.PartialFilmException;
import io.colorstream.ingest.IngestJob;
import io.colorstream.ingest.IngestService;
import io.colorstream.kafka.DeadLetters;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.stream.ColorizeService;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.wire.GrayFrame;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad record costs no more than itself, against a real broker: a malformed record and an oversize frame on
 * frames.gray (colorize's dead letters, written by Kafka Streams), then a malformed record on frames.color (the
 * encoder's own), each while two films flow. The bad records land in the dead-letter topic with the error and
 * their origin in headers. The gray ones are records beside the film's own frames, all of which still arrive: the
 * film is frame-complete (the encoder ends a film as partial only when its frames stop coming after a dead letter,
 * tested in {@code EncodeServiceMockConsumerTest} and {@code RunResumeIntegrationTest}). The bad colour record
 * ends its film as a partial film whose failure names the cause. The other film comes out frame-complete;
 * colorize is still RUNNING.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadLetterIntegrationTest {
    private static final int MAX_RECORD = 1024 * 1024;
    private static final ClipGenerator.Clip CLIP = ClipGenerator.gray(160, 96, 25, 20, 20);

    @TempDir
    static Path tmp;
    private static Path film;

    @BeforeAll
    static void writeFilm() throws Exception {
        FilmProbe.quietFfmpeg();
        film = CLIP.writeTo(tmp.resolve("reel.mp4"));
    }

    @Test
    void badRecordsOnGrayFramesBesideAWholeFilmAreDeadLettersAndTheFilmIsWhole(@TempDir Path dir) throws Exception {
        List<ConsumerRecord<String, byte[]>> dead = flowWithBadRecords(dir, "gray", true, settings -> {
            String topic = settings.topics().grayFrames().name();
            byte[] oversize = settings.topics().grayFrames().valueSerde().serializer().serialize(topic,
                    new GrayFrame("hit", 9_999, 0, 0, 1100, 1000, new byte[1100 * 1000]));
            return List.of(new ProducerRecord<>(topic, "hit/0", "not a frame".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(topic, "hit/1", oversize));
        });
        assertEquals(2, dead.size(), "both bad records are dead letters");
        for (ConsumerRecord<String, byte[]> d : dead) {
            assertTrue(d.key().startsWith("hit/"), d.key());
            assertTrue(DeadLetters.header(d.headers(), DeadLetters.TOPIC).endsWith("frames.gray"));
            assertTrue(DeadLetters.header(d.headers(), DeadLetters.PARTITION) != null);
            assertTrue(DeadLetters.header(d.headers(), DeadLetters.OFFSET) != null);
            assertTrue(DeadLetters.header(d.headers(), DeadLetters.EXCEPTION) != null);
        }
        assertTrue(dead.stream().anyMatch(d -> String.valueOf(DeadLetters.header(d.headers(), DeadLetters.MESSAGE))
                .contains("more than the maximum record size")), "the oversize frame says so");
    }

    @Test
    void aBadRecordOnColorFramesFailsItsFilmInTheEncoder(@TempDir Path dir) throws Exception {
        List<ConsumerRecord<String, byte[]>> dead = flowWithBadRecords(dir, "color", false, settings -> List.of(
                new ProducerRecord<>(settings.topics().colorFrames().name(), "hit/0",
                        "garbage".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, dead.size());
        assertEquals("hit/0", dead.get(0).key());
        assertEquals("encode", DeadLetters.header(dead.get(0).headers(), DeadLetters.ROLE));
        assertTrue(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC).endsWith("frames.color"));
    }

    private interface BadRecords {
        List<ProducerRecord<String, byte[]>> make(KafkaSettings settings) throws Exception;
    }

    /**
     * Films "good" and "hit" flow; once "hit" has frames encoded, the bad records are sent; returns the dead
     * letters after checking what became of both films and of colorize.
     *
     * @param hitWhole whether "hit" still comes out whole (every frame of it arrived) or as a partial film
     */
    private List<ConsumerRecord<String, byte[]>> flowWithBadRecords(Path dir, String name, boolean hitWhole,
                                                                    BadRecords bad) throws Exception {
        Path films = dir.resolve("films");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(MAX_RECORD)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2)
                    .withMaxRecordBytes(MAX_RECORD);
            TopicCreator.createMissing(settings);
            try (EncodeService encode = new EncodeService(settings, EncodeService.Options.filmsIn(films)
                         .withWorkRoot(dir.resolve("work")).withGiveUpAfter(Duration.ZERO));
                 ColorizeService colorize = new ColorizeService(settings.withProperty(StreamsConfig.STATE_DIR_CONFIG,
                         dir.resolve("state").toString()), new ConstantChromaColorizer(64, 64, 30, 20),
                         SmoothingSettings.DEFAULT, "it-dead-letters-" + name);
                 // "hit" is held 6 frames ahead of its encoder, so it is mid-film when the bad records come.
                 IngestService hit = new IngestService(settings, IngestJob.of(film.toString()).withVideoId("hit"))
                         .limitLead(() -> encoded(encode, "hit"), 6);
                 IngestService good = new IngestService(settings, IngestJob.of(film.toString()).withVideoId("good"));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producerProperties("it-bad"),
                         new StringSerializer(), new ByteArraySerializer())) {
                encode.start();
                colorize.start();
                hit.start();
                good.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (encoded(encode, "hit") < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(encoded(encode, "hit") >= 2, "hit is under way");
                for (ProducerRecord<String, byte[]> r : bad.make(settings)) {
                    producer.send(r).get();
                }

                if (hitWhole) {
                    assertEquals(CLIP.frameCount(), FilmProbe.of(encode.completion("hit").get(2, TimeUnit.MINUTES))
                            .frames(), "every frame of hit arrived: the film is whole");
                } else {
                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> encode.completion("hit").get(2, TimeUnit.MINUTES));
                    PartialFilmException partial = assertInstanceOf(PartialFilmException.class, failed.getCause());
                    assertTrue(partial.getMessage().contains("could not be used")
                            && partial.getMessage().contains(settings.topics().deadLetter()), partial.getMessage());
                    assertTrue(partial.frames() >= 2 && partial.frames() < CLIP.frameCount(), partial.frames() + "");
                    assertFalse(Files.exists(films.resolve("hit.mp4")), "no whole film where there is none");
                }

                Path whole = encode.completion("good").get(2, TimeUnit.MINUTES);
                assertEquals(CLIP.frameCount(), FilmProbe.of(whole).frames(), "the other film is frame-complete");
                assertEquals(KafkaStreams.State.RUNNING, colorize.state(), "colorize keeps running");
                assertTrue(colorize.failure().isEmpty());
                return deadLetters(settings, 1 + (name.equals("gray") ? 1 : 0));
            }
        }
    }

    private static long encoded(EncodeService encode, String id) {
        return encode.progress(id).map(EncodeService.Progress::framesEncoded).orElse(0L);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(KafkaSettings settings, int atLeast) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings.consumerProperties("it-dead-reader"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(settings.topics().deadLetter()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
                if (out.size() >= atLeast) {
                    c.poll(Duration.ofSeconds(2)).forEach(out::add); // and nothing more
                    break;
                }
            }
        }
        return out;
    }
}
