package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.model.Colorizer;
import io.colorstream.wire.CborSerde;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import java.util.List;
import io.colorstream.testing.GrayFrames;
import io.colorstream.testing.ScriptedColorizer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, with a real in-memory store: feed records, read what it forwarded and what it kept. */
class ColorizeProcessorTest {
    /** The arithmetic below is worked out for these settings (not the shipped defaults, which may change). */
    private static final SmoothingSettings SMOOTHING = new SmoothingSettings(true, 0.6f, 6f);

    private static final String KEY = "film/3";
    private static final int W = 4;
    private static final int H = 2;

    private final MockProcessorContext<String, ColorRecord> context = new MockProcessorContext<>();
    private final KeyValueStore<String, SmoothingState> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(ColorizeTopology.STORE), Serdes.String(),
                    CborSerde.of(SmoothingState.class))
            .withLoggingDisabled()
            .build();

    @BeforeEach
    void openStore() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(1_000_000L); // the state's time comes from the context's wall clock
    }

    private ColorizeProcessor processorWith(Colorizer colorizer, SmoothingSettings smoothing) {
        ColorizeProcessor processor = new ColorizeProcessor(colorizer, smoothing);
        processor.init(context);
        return processor;
    }

    @org.junit.jupiter.api.Test
    void theExpiryOfAbandonedShotsIsScheduledOnTheWallClock() {
        processorWith(io.colorstream.testing.ScriptedColorizer.constant(4, 4, 1f, 1f),
                SmoothingSettings.DEFAULT.withStateTtl(java.time.Duration.ofHours(2)));
        var punctuators = context.scheduledPunctuators();
        org.junit.jupiter.api.Assertions.assertEquals(1, punctuators.size());
        org.junit.jupiter.api.Assertions.assertEquals(org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                punctuators.get(0).getType());
        org.junit.jupiter.api.Assertions.assertEquals(java.time.Duration.ofMinutes(10), punctuators.get(0).getInterval(),
                "checked every quarter of the lifetime, at most every 10 minutes");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static Record<String, GrayRecord> record(GrayRecord value, long timestamp) {
        return new Record<>(KEY, value, timestamp);
    }

    private static GrayFrame frame(long seq, double lStar) {
        return GrayFrames.uniform("film", seq, 3, 8, 4, lStar);
    }

    private ColorFrame forwardedFrame(int index) {
        return assertInstanceOf(ColorFrame.class, context.forwarded().get(index).record().value());
    }

    @Test
    void firstFrameKeepsTheModelChromaAndRemembersIt() {
        var processor = processorWith(ScriptedColorizer.constant(W, H, 30.3f, -12.7f), SMOOTHING);
        processor.process(record(frame(7, 40.0), 1234L));

        var forwarded = context.forwarded().get(0).record();
        assertEquals(KEY, forwarded.key());
        assertEquals(1234L, forwarded.timestamp());
        ColorFrame color = forwardedFrame(0);
        assertEquals(30, color.chroma()[0]);
        assertEquals(-13, color.chroma()[1]);

        SmoothingState state = store.get(KEY);
        assertNotNull(state);
        assertEquals(7L, state.lastSeq());
        assertEquals(W, state.width());
        assertEquals(H, state.height());
        float[] ab = new float[W * H * 2];
        state.unpackAb(ab);
        assertEquals(30.3f, ab[0], 1f / SmoothingState.AB_SCALE);
        assertEquals(-12.7f, ab[ab.length - 1], 1f / SmoothingState.AB_SCALE);
        float[] luma = new float[W * H];
        state.unpackLuma(luma);
        float expectedL = ColorSpace.lOfCode(ColorSpace.lCode(40.0));
        for (float l : luma) {
            assertEquals(expectedL, l, 1f / SmoothingState.LUMA_SCALE);
        }
    }

    /**
     * The processor carries a shot's state in memory from frame to frame and writes it to the store once per call;
     * a processor started afresh mid-shot (after a crash, a rebalance) reads it from the store. Both must blend
     * alike, to the bit, or a restart would change the colour of the frames after it.
     */
    @Test
    void aProcessorStartedAgainMidShotColoursAsOneThatNeverStopped() {
        var settings = new SmoothingSettings(true, 0.8f, 10f);
        java.util.function.IntFunction<Record<String, GrayRecord>> frameAt =
                seq -> record(frame(seq, 50.0 + (seq % 3)), 40L * seq);
        Colorizer model = new io.colorstream.testing.JitteryColorizer(W, H, 15f);
        var whole = processorWith(model, settings);
        for (int seq = 0; seq < 8; seq++) {
            whole.process(frameAt.apply(seq));
        }
        List<byte[]> uninterrupted = new java.util.ArrayList<>();
        for (int i = 4; i < 8; i++) {
            uninterrupted.add(forwardedFrame(i).chroma());
        }

        store.delete(KEY);
        context.resetForwards();
        Colorizer again = new io.colorstream.testing.JitteryColorizer(W, H, 15f); // says what `model` said
        var before = processorWith(again, settings);
        for (int seq = 0; seq < 4; seq++) {
            before.process(frameAt.apply(seq));
        }
        var after = processorWith(again, settings); // a new instance: nothing in memory, the store as left
        for (int seq = 4; seq < 8; seq++) {
            after.process(frameAt.apply(seq));
        }
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(uninterrupted.get(i), forwardedFrame(4 + i).chroma(), "frame " + (4 + i));
        }
        assertEquals(7L, store.get(KEY).lastSeq());
    }

    @Test
    void nextFrameBlendsWithTheStoredStateAndStoresTheBlend() {
        var processor = processorWith(ScriptedColorizer.alternating(W, H, 40f, -20f, -40f, 20f),
                SMOOTHING);
        processor.process(record(frame(0, 50.0), 0L));
        processor.process(record(frame(1, 50.0), 40L));

        ColorFrame second = forwardedFrame(1);
        // 0.6·40 + 0.4·(−40) = 8; 0.6·(−20) + 0.4·20 = −4
        assertEquals(8, second.chroma()[0]);
        assertEquals(-4, second.chroma()[1]);
        float[] ab = new float[W * H * 2];
        store.get(KEY).unpackAb(ab);
        assertEquals(8f, ab[0], 0.01f);
        assertEquals(-4f, ab[1], 0.01f);
        assertEquals(1L, store.get(KEY).lastSeq());
    }

    @Test
    void shotEndIsForwardedAndForgetsTheShot() {
        var processor = processorWith(ScriptedColorizer.constant(W, H, 5f, 5f), SMOOTHING);
        processor.process(record(frame(0, 50.0), 0L));
        assertNotNull(store.get(KEY));

        ShotEnd end = new ShotEnd("film", 3, 1);
        processor.process(record(end, 99L));
        assertNull(store.get(KEY));
        var forwarded = context.forwarded().get(1).record();
        assertEquals(end, forwarded.value());
        assertEquals(KEY, forwarded.key());
        assertEquals(99L, forwarded.timestamp());
    }

    @Test
    void aReplayedFrameStartsClean() {
        var processor = processorWith(ScriptedColorizer.alternating(W, H, 40f, 0f, -40f, 0f),
                SMOOTHING);
        processor.process(record(frame(4, 50.0), 0L));
        processor.process(record(frame(5, 50.0), 0L)); // smoothed to 8
        processor.process(record(frame(3, 50.0), 0L)); // seq goes back: the model's 40 as is, not 0.6·8 + 16
        assertEquals(8, forwardedFrame(1).chroma()[0]);
        assertEquals(40, forwardedFrame(2).chroma()[0]);
        assertEquals(3L, store.get(KEY).lastSeq());
        processor.process(record(frame(3, 50.0), 0L)); // the same frame again is a replay too
        assertEquals(-40, forwardedFrame(3).chroma()[0]);
    }

    @Test
    void stateFromAnotherModelSizeIsNotBlended() {
        store.put(KEY, SmoothingState.of(0, 2, 2, new float[8], new float[4]));
        var processor = processorWith(ScriptedColorizer.constant(W, H, 25f, 25f), SMOOTHING);
        processor.process(record(frame(1, 50.0), 0L));
        assertEquals(25, forwardedFrame(0).chroma()[0]);
        assertEquals(W, store.get(KEY).width());
    }

    @Test
    void withSmoothingOffNothingIsStored() {
        var processor = processorWith(ScriptedColorizer.alternating(W, H, 40f, 0f, -40f, 0f),
                SmoothingSettings.OFF);
        processor.process(record(frame(0, 50.0), 0L));
        processor.process(record(frame(1, 50.0), 0L));
        assertEquals(-40, forwardedFrame(1).chroma()[0]);
        assertEquals(0L, store.approximateNumEntries());
    }

    @Test
    void aKeylessRecordIsKeyedByItsShot() {
        var processor = processorWith(ScriptedColorizer.constant(W, H, 1f, 1f), SMOOTHING);
        processor.process(new Record<>(null, frame(0, 50.0), 0L));
        assertEquals(KEY, context.forwarded().get(0).record().key());
        assertNotNull(store.get(KEY));
    }

    @Test
    void aModelAnsweringWithTheWrongSizeIsAClearError() {
        Colorizer liar = new Colorizer() {
            @Override
            public int width() {
                return W;
            }

            @Override
            public int height() {
                return H;
            }

            @Override
            public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
                return new float[3];
            }

            @Override
            public void close() {
            }
        };
        var processor = processorWith(liar, SMOOTHING);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> processor.process(record(frame(0, 50.0), 0L)));
        assertTrue(e.getMessage().contains("returned 3 floats") && e.getMessage().contains("must return 16"),
                e.getMessage());
    }

    @Test
    void stateSurvivesItsSerde() {
        CborSerde<SmoothingState> serde = CborSerde.of(SmoothingState.class);
        float[] ab = {1.5f, -2.25f, 127.9f, -200f};
        float[] luma = {0f, 99.99f};
        SmoothingState back = serde.fromBytes(serde.toBytes(SmoothingState.of(42, 2, 1, ab, luma)));
        assertEquals(42L, back.lastSeq());
        assertTrue(back.matches(2, 1));
        float[] abBack = new float[4];
        back.unpackAb(abBack);
        assertArrayEquals(ab, abBack, 1f / SmoothingState.AB_SCALE);
        float[] lumaBack = new float[2];
        back.unpackLuma(lumaBack);
        assertArrayEquals(luma, lumaBack, 1f / SmoothingState.LUMA_SCALE);
    }
}
