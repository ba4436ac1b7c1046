package io.colorstream.stream;

import io.colorstream.wire.Topics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.Colorizer;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import io.colorstream.testing.GrayFrames;
import io.colorstream.testing.ScriptedColorizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped topology ({@link ColorizeTopology#build}) through TopologyTestDriver, with the real serdes and a
 * RocksDB store. The model is a {@link ScriptedColorizer}, so every expected chroma value is known.
 */
class ColorizeTopologyTest {
    /** The arithmetic below is worked out for these settings (not the shipped defaults, which may change). */
    private static final SmoothingSettings SMOOTHING = new SmoothingSettings(true, 0.6f, 6f);

    /** The model's size; frames are twice as large each way, so each model pixel covers a 2×2 block. */
    private static final int MW = 4;
    private static final int MH = 2;
    private static final int FW = 8;
    private static final int FH = 4;

    @TempDir
    Path stateDir;

    private final Topics topics = Topics.withPrefix("test.");
    private TopologyTestDriver driver;
    private TestInputTopic<String, GrayRecord> gray;
    private TestOutputTopic<String, ColorRecord> color;

    private void start(Colorizer colorizer, SmoothingSettings smoothing) {
        start(colorizer, smoothing, 1);
    }

    private void start(Colorizer colorizer, SmoothingSettings smoothing, int batch) {
        start(colorizer, smoothing, batch, new Properties());
    }

    private void start(Colorizer colorizer, SmoothingSettings smoothing, int batch, Properties more) {
        Properties props = new Properties();
        props.putAll(more);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "colorize-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ColorizeTopology.build(topics, colorizer, smoothing, Integer.MAX_VALUE, batch),
                props);
        gray = driver.createInputTopic(topics.grayFrames().name(), topics.grayFrames().keySerde().serializer(),
                topics.grayFrames().valueSerde().serializer());
        color = driver.createOutputTopic(topics.colorFrames().name(),
                topics.colorFrames().keySerde().deserializer(), topics.colorFrames().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(GrayRecord value) {
        String key = value instanceof GrayFrame f ? f.key() : ((ShotEnd) value).key();
        gray.pipeInput(key, value);
    }

    private static GrayFrame still(long seq, int shot) {
        return GrayFrames.uniform("film", seq, shot, FW, FH, 50.0);
    }

    private List<ColorFrame> colorFrames() {
        List<ColorFrame> frames = new ArrayList<>();
        for (ColorRecord r : color.readValuesToList()) {
            frames.add(assertInstanceOf(ColorFrame.class, r));
        }
        return frames;
    }

    private KeyValueStore<String, SmoothingState> smoothingState() {
        return driver.getKeyValueStore(ColorizeTopology.STORE);
    }

    @Test
    void eachShotComesOutInTheOrderItWentIn() {
        start(ScriptedColorizer.constant(MW, MH, 10f, 10f), SMOOTHING);
        List<GrayRecord> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // two shots interleaved, as two partitions' worth would be
            in.add(still(i, 0));
            in.add(still(100 + i, 1));
        }
        in.add(new ShotEnd("film", 0, 6));
        in.add(new ShotEnd("film", 1, 6));
        in.forEach(this::send);

        Map<String, List<Object>> outByKey = new LinkedHashMap<>();
        for (KeyValue<String, ColorRecord> kv : color.readKeyValuesToList()) {
            outByKey.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(
                    kv.value instanceof ColorFrame f ? (Object) f.seq() : kv.value);
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, new ShotEnd("film", 0, 6)), outByKey.get("film/0"));
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L, new ShotEnd("film", 1, 6)),
                outByKey.get("film/1"));
    }

    @Test
    void aShotWithoutItsEndMarkerLosesItsStateAfterTheLifetime() {
        start(ScriptedColorizer.constant(MW, MH, 10f, 10f), SMOOTHING.withStateTtl(Duration.ofMinutes(2)));
        send(still(0, 0)); // a shot whose ingest was killed: no end marker will come
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        send(still(100, 1)); // another shot, a minute later, still going
        assertNotNull(smoothingState().get("film/0"));
        driver.advanceWallClockTime(Duration.ofSeconds(61)); // film/0 is now 2 min 1 s old, film/1 1 min 1 s
        assertNull(smoothingState().get("film/0"), "the abandoned shot's state is gone");
        assertNotNull(smoothingState().get("film/1"), "a shot heard from within the lifetime keeps its state");
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertNull(smoothingState().get("film/1"));
    }

    @Test
    void flickeringChromaIsSmoothedBetweenItsExtremes() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, -20f, -40f, 20f), SMOOTHING);
        for (int i = 0; i < 10; i++) {
            send(still(i, 0));
        }
        List<ColorFrame> out = colorFrames();
        assertEquals(10, out.size());
        assertEquals(40, out.get(0).chroma()[0], "the shot's first frame has nothing to blend with");
        for (int i = 1; i < out.size(); i++) {
            byte[] chroma = out.get(i).chroma();
            for (int p = 0; p < chroma.length; p += 2) {
                assertTrue(chroma[p] > -40 && chroma[p] < 40, "frame " + i + " a* " + chroma[p]);
                assertTrue(chroma[p + 1] > -20 && chroma[p + 1] < 20, "frame " + i + " b* " + chroma[p + 1]);
            }
        }
    }

    @Test
    void withoutSmoothingTheModelPassesThrough() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, -20f, -40f, 20f), SmoothingSettings.OFF);
        for (int i = 0; i < 4; i++) {
            send(still(i, 0));
        }
        List<ColorFrame> out = colorFrames();
        for (int i = 0; i < out.size(); i++) {
            byte[] expected = ChromaQuantizer.quantize(ScriptedColorizer.uniform(MW, MH,
                    i % 2 == 0 ? 40f : -40f, i % 2 == 0 ? -20f : 20f));
            assertArrayEquals(expected, out.get(i).chroma(), "frame " + i);
        }
    }

    @Test
    void whereLuminanceChangedStronglyNothingIsBlended() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, -20f, -40f, 20f), SMOOTHING);
        send(GrayFrames.uniform("film", 0, 0, FW, FH, 50.0));
        // Something bright moves into the right half: ΔL* = 40, far past the tolerance of 6.
        send(GrayFrames.halves("film", 1, 0, FW, FH, 50.0, 90.0));
        byte[] chroma = colorFrames().get(1).chroma();
        for (int y = 0; y < MH; y++) {
            for (int x = 0; x < MW; x++) {
                int i = 2 * (y * MW + x);
                if (x < MW / 2) { // still: 0.6·40 + 0.4·(−40) = 8, 0.6·(−20) + 0.4·20 = −4
                    assertEquals(8, chroma[i], "a* at " + x + "," + y);
                    assertEquals(-4, chroma[i + 1], "b* at " + x + "," + y);
                } else { // changed: the model's own chroma
                    assertEquals(-40, chroma[i], "a* at " + x + "," + y);
                    assertEquals(20, chroma[i + 1], "b* at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aNewShotStartsClean() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, 0f, -40f, 0f), SMOOTHING);
        send(still(0, 0));
        send(still(1, 0)); // smoothed to 8
        send(still(2, 1)); // the model says 40; blending with shot 0 would give 0.6·8 + 16 ≈ 21
        List<ColorFrame> out = colorFrames();
        assertEquals(8, out.get(1).chroma()[0]);
        assertEquals(40, out.get(2).chroma()[0]);
    }

    @Test
    void theShotEndForgetsTheShot() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, 0f, -40f, 0f), SMOOTHING);
        send(still(0, 0));
        send(still(1, 0));
        assertNotNull(smoothingState().get("film/0"));
        send(new ShotEnd("film", 0, 2));
        assertNull(smoothingState().get("film/0"));
        // The film ingested again under the same id: its shot 0 starts from the model's chroma.
        send(still(0, 0));
        List<ColorRecord> out = color.readValuesToList();
        assertEquals(new ShotEnd("film", 0, 2), out.get(2));
        assertEquals(40, ((ColorFrame) out.get(3)).chroma()[0]);
    }

    @Test
    void shotEndMarkersAreForwardedUnchanged() {
        start(ScriptedColorizer.constant(MW, MH, 0f, 0f), SMOOTHING);
        ShotEnd end = new ShotEnd("reel-7", 12, 345);
        gray.pipeInput(end.key(), end);
        KeyValue<String, ColorRecord> out = color.readKeyValue();
        assertEquals("reel-7/12", out.key);
        assertEquals(end, out.value);
        assertTrue(color.isEmpty());
    }

    @Test
    void luminanceIsPassedThroughByteForByteAndChromaIsAtModelSize() {
        ScriptedColorizer model = ScriptedColorizer.constant(MW, MH, 3f, -3f);
        start(model, SMOOTHING);
        GrayFrame in = GrayFrames.noise("film", 9, 2, 37, 23, 42L);
        send(in);
        ColorFrame out = colorFrames().get(0);
        assertArrayEquals(in.luma(), out.luma());
        assertEquals(37, out.width());
        assertEquals(23, out.height());
        assertEquals(9L, out.seq());
        assertEquals(2, out.shot());
        assertEquals(in.ptsMicros(), out.ptsMicros());
        assertEquals(MW, out.chromaWidth());
        assertEquals(MH, out.chromaHeight());
        assertEquals(MW * MH * 2, out.chroma().length);
        assertEquals(37, model.lastLumaWidth(), "the model is given the full-resolution frame");
    }

    @Test
    void chromaIsRoundedAndClampedToSignedBytes() {
        start(ScriptedColorizer.ofPixels(MW, 1,
                12.4f, 12.5f, -12.5f, -12.6f, 300f, -300f, 127.6f, -128.4f), SMOOTHING);
        send(GrayFrames.uniform("film", 0, 0, FW, FH, 50.0));
        assertArrayEquals(new byte[] {12, 13, -12, -13, 127, -128, 127, -128}, colorFrames().get(0).chroma());
    }

    @Test
    void aReplayedFrameIsNotBlendedWithItsFuture() {
        start(ScriptedColorizer.alternating(MW, MH, 40f, 0f, -40f, 0f), SMOOTHING);
        send(still(0, 0));
        send(still(1, 0)); // 8
        send(still(1, 0)); // replay: the model's 40 as is
        send(still(2, 0)); // blends again: 0.6·40 + 0.4·(−40) = 8
        List<ColorFrame> out = colorFrames();
        assertEquals(List.of(40, 8, 40, 8), out.stream().map(f -> (int) f.chroma()[0]).toList());
    }

    /** A live feed's frame, sent by ingest {@code ageMillis} before colorize (the driver's clock) sees it. */
    private void sendLive(GrayFrame f, long ageMillis, boolean live) {
        org.apache.kafka.common.header.Headers headers = live ? io.colorstream.wire.FrameHeaders.live()
                : new org.apache.kafka.common.header.internals.RecordHeaders();
        gray.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(f.key(), f, headers,
                System.currentTimeMillis() - ageMillis));
    }

    @Test
    void behindALiveFeedEveryOtherFrameTakesThePreviousColourAndAFileNeverDoes() {
        ScriptedColorizer model = ScriptedColorizer.alternating(MW, MH, 10f, 10f, 40f, -20f);
        start(model, SMOOTHING);
        for (int i = 0; i < 6; i++) { // 5 s behind: odd frames reuse
            sendLive(still(i, 0), 5_000, true);
        }
        assertEquals(3, model.calls(), "frames 0, 2, 4 get the model; 1, 3, 5 the previous colour");
        List<ColorFrame> out = colorFrames();
        assertEquals(6, out.size(), "no frame is dropped");
        for (int i = 1; i < 6; i += 2) {
            assertArrayEquals(out.get(i - 1).chroma(), out.get(i).chroma(), "frame " + i + " repeats frame " + (i - 1));
        }
        assertTrue(!java.util.Arrays.equals(out.get(0).chroma(), out.get(2).chroma()), "the model still colours");

        for (int i = 6; i < 10; i++) { // caught up
            sendLive(still(i, 0), 10, true);
        }
        assertEquals(7, model.calls(), "every frame gets the model again");
        for (int i = 10; i < 14; i++) { // a file's frames wait by design: never reused
            sendLive(still(i, 0), 60_000, false);
        }
        assertEquals(11, model.calls());
        assertEquals(8, colorFrames().size());
    }

    /** Counts the model calls made for several frames at once. */
    private static final class BatchCounting implements Colorizer {
        private final Colorizer inner;
        private final List<Integer> batches = new ArrayList<>();

        BatchCounting(Colorizer inner) {
            this.inner = inner;
        }

        @Override
        public int width() {
            return inner.width();
        }

        @Override
        public int height() {
            return inner.height();
        }

        @Override
        public float[] colorize(byte[] luma, int w, int h) {
            batches.add(1);
            return inner.colorize(luma, w, h);
        }

        @Override
        public float[][] colorizeBatch(List<byte[]> lumas, int w, int h) {
            batches.add(lumas.size());
            float[][] out = new float[lumas.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = inner.colorize(lumas.get(i), w, h);
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    /** The colour frames sent, leaving out the shot end markers. */
    private List<ColorFrame> framesOnly() {
        List<ColorFrame> frames = new ArrayList<>();
        for (ColorRecord r : color.readValuesToList()) {
            if (r instanceof ColorFrame f) {
                frames.add(f);
            }
        }
        return frames;
    }

    private static GrayFrame moving(long seq, int shot) {
        return GrayFrames.uniform("film", seq, shot, FW, FH, 20.0 + 7 * (seq % 5));
    }

    @Test
    void batchedFramesComeOutAsFramesDoneOneByOneDoAndWaitInTheBufferStoreMeanwhile() {
        List<GrayRecord> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // two shots interleaved, the second ends early
            in.add(moving(i, 0));
            in.add(moving(100 + i, 1));
            if (i == 2) {
                in.add(new ShotEnd("film", 1, 3));
            }
        }
        start(ScriptedColorizer.alternating(MW, MH, 10f, 10f, 40f, -20f), SMOOTHING, 1);
        in.forEach(this::send);
        List<ColorFrame> oneByOne = framesOnly();
        close();

        BatchCounting model = new BatchCounting(ScriptedColorizer.alternating(MW, MH, 10f, 10f, 40f, -20f));
        start(model, SMOOTHING, 4);
        send(in.get(0));
        send(in.get(1));
        assertTrue(color.isEmpty(), "two frames wait for the rest of their batch");
        assertEquals(2, bufferedFrames(),
                "kept in the changelogged buffer, not only in memory");
        // The buffer is cached, but a commit (the test driver commits after every record) writes what waits to
        // the changelog before the offsets: a task that dies now is given both frames back.
        var changelog = driver.createOutputTopic("colorize-test-" + ColorizeTopology.BUFFER_STORE + "-changelog",
                new org.apache.kafka.common.serialization.LongDeserializer(),
                io.colorstream.wire.CborSerde.of(BufferedFrame.class).deserializer()).readKeyValuesToMap();
        assertEquals(java.util.Set.of(0L, 1L), changelog.keySet());
        assertEquals(((GrayFrame) in.get(1)).seq(), changelog.get(1L).frame().seq());
        in.subList(2, in.size()).forEach(this::send);
        driver.advanceWallClockTime(Duration.ofMillis(500)); // the last frames do not wait for ever
        List<ColorFrame> batched = framesOnly();
        assertEquals(oneByOne.size(), batched.size());
        for (int i = 0; i < batched.size(); i++) {
            assertEquals(oneByOne.get(i).seq(), batched.get(i).seq(), "same order");
            assertArrayEquals(oneByOne.get(i).chroma(), batched.get(i).chroma(), "frame " + batched.get(i).seq());
        }
        assertEquals(List.of(4, 2, 4, 2), model.batches,
                "4 frames; the shot's end sends the 2 before it; 4; the last 2 after the wait");
        assertEquals(0, bufferedFrames());
    }

    /** A constant colour for every frame but one whose luminance is {@code bad}'s, on which it fails. */
    private static Colorizer failingOn(GrayFrame bad) {
        return answeringOn(bad, ab -> {
            throw new IllegalStateException("the model failed");
        });
    }

    /** A constant colour for every frame; for the one whose luminance is {@code bad}'s, {@code answer} of it. */
    private static Colorizer answeringOn(GrayFrame bad, java.util.function.UnaryOperator<float[]> answer) {
        return new Colorizer() {
            private final Colorizer inner = ScriptedColorizer.constant(MW, MH, 10f, 10f);

            @Override
            public int width() {
                return MW;
            }

            @Override
            public int height() {
                return MH;
            }

            @Override
            public float[] colorize(byte[] luma, int w, int h) {
                float[] ab = inner.colorize(luma, w, h);
                return (luma[0] & 0xff) == (bad.luma()[0] & 0xff) ? answer.apply(ab) : ab;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aFrameTheModelCannotColourFailsAloneAndTheFramesBeforeItInItsBatchGoOn() {
        start(failingOn(moving(2, 0)), SMOOTHING, 4);
        for (int i = 0; i < 3; i++) {
            send(moving(i, 0));
        }
        org.apache.kafka.streams.errors.StreamsException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.streams.errors.StreamsException.class, () -> send(moving(3, 0)));
        assertTrue(String.valueOf(e.getCause()).contains("frame 2 of film/0"), String.valueOf(e.getCause()));
        // (The test driver drops what a failing call sent; Kafka Streams sends it.) The two before it were coloured
        // and smoothed one by one: the shot's state is frame 1's.
        assertEquals(1L, smoothingState().get("film/0").lastSeq(), "frames 0 and 1 went on");
        assertEquals(0, bufferedFrames(),
                "nothing left behind to fail again");
    }

    @Test
    void aFrameTheModelFailsOnInABatchTheTimerFlushesIsADeadLetterOfItsFilmAndColorizeGoesOn() {
        Properties handler = new Properties();
        handler.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter());
        handler.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FilmDeadLetterHandler.class.getName());
        start(failingOn(moving(2, 0)), SMOOTHING, 4, handler);
        for (int i = 0; i < 3; i++) {
            send(moving(i, 0));
        }
        assertTrue(color.isEmpty(), "three frames wait for the rest of their batch");

        // No fourth frame comes: the timer flushes the batch, outside any record, and the model fails on frame 2.
        driver.advanceWallClockTime(Duration.ofMillis(500));

        var deadLetters = driver.createOutputTopic(topics.deadLetter(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                topics.grayFrames().valueSerde().deserializer()).readRecordsToList();
        assertEquals(1, deadLetters.size(), "one dead letter: " + deadLetters);
        var letter = deadLetters.get(0);
        assertEquals("film/0", letter.key(), "keyed by its film's frame key, so the film's encoder ends it");
        assertEquals(2L, ((GrayFrame) letter.value()).seq(), "the frame the model failed on, as it was sent");
        String message = io.colorstream.kafka.DeadLetters.header(letter.headers(),
                io.colorstream.kafka.DeadLetters.MESSAGE);
        assertTrue(message.contains("frame 2 of film/0") && message.contains("the model failed"), message);
        assertEquals(null, io.colorstream.kafka.DeadLetters.header(letter.headers(),
                io.colorstream.kafka.DeadLetters.TOPIC), "no source record to name");
        assertEquals(List.of(0L, 1L), framesOnly().stream().map(ColorFrame::seq).toList(), "the two before it went on");

        send(moving(0, 1)); // the next shot: colorize is still running
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertEquals(List.of(0L), framesOnly().stream().map(ColorFrame::seq).toList());
    }

    /**
     * A model that answers one frame of a batch with the wrong number of values fails that frame before any frame
     * of the batch is sent: the frames before it go on once each, not once from the batch and again when the batch
     * is retried frame by frame.
     */
    @Test
    void aWrongSizedAnswerInABatchSendsTheFramesBeforeItOnce() {
        Properties handler = new Properties();
        handler.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter());
        handler.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FilmDeadLetterHandler.class.getName());
        Colorizer shortOnBad = answeringOn(moving(2, 0), ab -> java.util.Arrays.copyOf(ab, 3));
        start(shortOnBad, SMOOTHING, 4, handler);
        for (int i = 0; i < 3; i++) {
            send(moving(i, 0));
        }
        driver.advanceWallClockTime(Duration.ofMillis(500)); // the timer flushes the three

        var deadLetters = driver.createOutputTopic(topics.deadLetter(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                topics.grayFrames().valueSerde().deserializer()).readRecordsToList();
        assertEquals(1, deadLetters.size(), "one dead letter: " + deadLetters);
        assertEquals(2L, ((GrayFrame) deadLetters.get(0).value()).seq());
        String message = io.colorstream.kafka.DeadLetters.header(deadLetters.get(0).headers(),
                io.colorstream.kafka.DeadLetters.MESSAGE);
        assertTrue(message.contains("returned 3 floats"), message);
        assertEquals(List.of(0L, 1L), framesOnly().stream().map(ColorFrame::seq).toList(), "each once");
        assertEquals(1L, smoothingState().get("film/0").lastSeq());
    }

    /** Frames in the batch buffer as the processor sees it (through the store's cache, not only what was flushed). */
    private int bufferedFrames() {
        int n = 0;
        try (var all = driver.<Long, Object>getKeyValueStore(ColorizeTopology.BUFFER_STORE).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
