package io.colorstream.stream;

import io.colorstream.model.Colorizer;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.FrameHeaders;
import io.colorstream.wire.FrameKeys;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorizes one shot's frames in order: the model's chroma for each frame, smoothed with what the shot looked
 * like a frame earlier, quantized, and sent on with the frame's own luminance. A shot's end marker is passed
 * on and its smoothing state dropped.
 *
 * <p>Smoothing restarts (the frame keeps the model's chroma as is) when there is no usable state: the first
 * frame of a shot; a state made at another model size; a state that cannot be read; or a frame whose sequence
 * number is not greater than the state's. The last is a replay: after a crash under at-least-once, the input is
 * read again from the last committed offset while the restored state may already describe later frames; or a
 * film is ingested again under the same id. Blending a frame with its own future would make its colour depend
 * on how far the earlier run got; starting clean gives the same colour a shot's first frame gets, and the
 * moving average settles within a few frames (0.6⁵ ≈ 8 %). Gaps (a frame dropped by a live source) still blend:
 * a real change of picture shows up as a change of luminance, and that fades the blend out by itself.
 *
 * <p>Behind a live feed ({@link LiveKeepUp}), every other frame of a shot takes the previous frame's colour
 * instead of the model's, which halves the model's work until colorize has caught up.
 *
 * <p>One instance per stream task, so one thread: the working buffers are reused from frame to frame.
 */
final class ColorizeProcessor implements Processor<String, GrayRecord, String, ColorRecord> {
    /** How a gray frame is written on its topic: a failed frame's dead letter holds it so. */
    private static final org.apache.kafka.common.serialization.Serde<GrayRecord> GRAY =
            io.colorstream.wire.CborSerde.of(GrayRecord.class);
    private static final Logger LOG = LoggerFactory.getLogger(ColorizeProcessor.class);
    private static final Duration MAX_EXPIRY_INTERVAL = Duration.ofMinutes(10);
    /** The longest a frame waits for the rest of its batch (a live feed's frames come one every 40 ms). */
    static final Duration MAX_BATCH_WAIT = Duration.ofMillis(100);

    private final Colorizer colorizer;
    private final int maxFrameBytes;
    private final boolean smoothing;
    private final Duration stateTtl;
    private final ChromaSmoother smoother;
    private final LiveKeepUp keepUp;
    private final int batch;
    /** Frames waiting for their batch, in arrival order; mirrors {@link #buffer}. */
    private final List<Long> pendingSlots = new ArrayList<>();
    private final List<BufferedFrame> pending = new ArrayList<>();
    private KeyValueStore<Long, BufferedFrame> buffer;
    private long nextSlot;
    /** Wall-clock time the oldest pending frame came in. */
    private long pendingSince;

    private ProcessorContext<String, ColorRecord> context;
    private KeyValueStore<String, SmoothingState> store;
    /**
     * The smoothing state of the shot last coloured (or read from the store), kept in memory as the store would
     * give it back (the fixed-point round trip applied): its shot, the frame it was made from, its planes. A shot's
     * frames come one after the other, so the next frame usually finds it here rather than decoding a few hundred
     * KiB from the store. It is written to the store once per model batch ({@link #writeMemo}), not per frame: the
     * store holds every coloured frame's state whenever Kafka Streams may commit (between calls of this processor).
     */
    private String memoKey;
    private long memoSeq;
    private long memoUpdatedMillis;
    /** Whether the memo is newer than the store's state of its shot. */
    private boolean memoDirty;
    private float[] memoAb = new float[0];
    private float[] memoLuma = new float[0];

    private float[] luma = new float[0];
    private float[] smoothedAb = new float[0];

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings) {
        this(colorizer, settings, Integer.MAX_VALUE);
    }

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings, int maxFrameBytes) {
        this(colorizer, settings, maxFrameBytes, new LiveKeepUp(LiveKeepUp.DEFAULT_MAX_LAG));
    }

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings, int maxFrameBytes, LiveKeepUp keepUp) {
        this(colorizer, settings, maxFrameBytes, keepUp, 1);
    }

    /**
     * @param batch frames per model call: more than 1 keeps frames in the changelogged buffer store until the
     *              batch is full, the shot ends, or the oldest has waited {@link #MAX_BATCH_WAIT}
     */
    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings, int maxFrameBytes, LiveKeepUp keepUp,
                      int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a model batch holds at least one frame, got " + batch);
        }
        this.batch = batch;
        this.keepUp = keepUp;
        this.maxFrameBytes = maxFrameBytes;
        this.colorizer = colorizer;
        this.smoothing = settings.enabled();
        this.stateTtl = settings.stateTtl();
        this.smoother = new ChromaSmoother(settings);
    }

    @Override
    public void init(ProcessorContext<String, ColorRecord> context) {
        this.context = context;
        this.store = context.getStateStore(ColorizeTopology.STORE);
        if (batch > 1) {
            this.buffer = context.getStateStore(ColorizeTopology.BUFFER_STORE);
            // Frames a task died with before colouring them (their offsets may be committed): first in line.
            try (KeyValueIterator<Long, BufferedFrame> all = buffer.all()) {
                while (all.hasNext()) {
                    KeyValue<Long, BufferedFrame> e = all.next();
                    pendingSlots.add(e.key);
                    pending.add(e.value);
                    nextSlot = Math.max(nextSlot, e.key + 1);
                }
            }
            if (!pending.isEmpty()) {
                LOG.info("{} frame(s) kept in the batch buffer before a restart are coloured first", pending.size());
            }
            pendingSince = context.currentSystemTimeMs();
            context.schedule(MAX_BATCH_WAIT.dividedBy(2), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (!pending.isEmpty() && now - pendingSince >= MAX_BATCH_WAIT.toMillis()) {
                    flush(); // a live feed's last frames, or a film's before its shot ends: never wait long
                }
            });
        }
        if (smoothing) {
            // Wall-clock time: an abandoned shot gets no more records, so stream time would never move for it.
            Duration every = stateTtl.dividedBy(4).compareTo(MAX_EXPIRY_INTERVAL) > 0 ? MAX_EXPIRY_INTERVAL
                    : stateTtl.dividedBy(4).isZero() ? Duration.ofMillis(1) : stateTtl.dividedBy(4);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expireAbandonedShots);
        }
    }

    /**
     * Drops the smoothing state of shots that got no frame for {@link SmoothingSettings#stateTtl()} and never
     * their end marker (a killed ingest), so they do not stay in RocksDB and the changelog for ever. A state
     * without a time (written before states kept one) counts as old.
     */
    private void expireAbandonedShots(long nowMillis) {
        long oldest = nowMillis - stateTtl.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SmoothingState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SmoothingState> e = all.next();
                if (e.value == null || e.value.updatedMillis() < oldest) {
                    expired.add(e.key);
                }
            }
        } catch (SerializationException e) {
            LOG.warn("cannot read the smoothing states to expire them: {}", e.getMessage());
            return;
        }
        for (String key : expired) {
            deleteState(key);
        }
        if (!expired.isEmpty()) {
            LOG.info("dropped the smoothing state of {} shot(s) with no frame for {} and no end marker: {}",
                    expired.size(), stateTtl, expired.size() <= 5 ? expired : expired.subList(0, 5) + " …");
        }
    }

    @Override
    public void process(Record<String, GrayRecord> record) {
        GrayRecord value = record.value();
        if (value == null) {
            LOG.warn("ignoring an empty gray-frames record under key {}", record.key());
            return;
        }
        // The input key decides partition and order; a keyless record (a producer bug) falls back to its own.
        String key = record.key() != null ? record.key() : FrameKeys.of(value.videoId(), value.shot());
        if (value instanceof GrayFrame frame) {
            colorize(record, key, frame);
        } else if (value instanceof ShotEnd end) {
            flush(); // the shot's frames before its end marker
            deleteState(key);
            context.forward(record.<String>withKey(key).withValue(end));
        }
    }

    private void colorize(Record<String, GrayRecord> record, String key, GrayFrame frame) {
        // Checked here rather than trusted: a producer with other limits may have sent it. The exception makes it
        // a dead letter (the processing exception handler), and its film fails.
        if (frame.luma().length > maxFrameBytes) {
            throw new IllegalArgumentException("frame " + frame.seq() + " of " + key + " holds " + frame.luma().length
                    + " bytes of luminance, more than the maximum record size of " + maxFrameBytes + " bytes");
        }
        BufferedFrame f = new BufferedFrame(key, frame, record.timestamp(), FrameHeaders.isLive(record.headers()));
        if (batch == 1) {
            colorizeAll(List.of(f));
            return;
        }
        long slot = nextSlot++;
        if (pending.isEmpty()) {
            pendingSince = context.currentSystemTimeMs();
        }
        buffer.put(slot, f);
        pendingSlots.add(slot);
        pending.add(f);
        if (pending.size() >= batch) {
            flush();
        }
    }

    /** Colours the frames waiting for their batch, sends them on in arrival order, and drops them from the store. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<BufferedFrame> frames = new ArrayList<>(pending);
        List<Long> slots = new ArrayList<>(pendingSlots);
        pending.clear();
        pendingSlots.clear();
        try {
            colorizeAll(frames);
        } catch (RuntimeException batchFailed) {
            // One frame the model cannot colour must not take the others of its batch with it: each on its own,
            // in order, so every frame before the bad one is sent as it would have been without batching. The
            // first that fails again fails the record being processed (a dead letter naming the error); the
            // frames after it are not coloured (their film fails with it).
            for (int i = 0; i < frames.size(); i++) {
                try {
                    colorizeAll(List.of(frames.get(i)));
                } catch (RuntimeException e) {
                    for (Long slot : slots) {
                        buffer.delete(slot);
                    }
                    BufferedFrame bad = frames.get(i);
                    // Named by its own key and value: a batch the timer flushes has no record being processed.
                    throw new FrameFailedException(bad.key(), GRAY.serializer().serialize(null, bad.frame()),
                            "frame " + bad.frame().seq() + " of " + bad.key() + " (in a batch with "
                            + (frames.size() - 1) + " other frame(s), " + (frames.size() - 1 - i)
                            + " after it not coloured): " + e.getMessage(), e);
                }
            }
        }
        for (Long slot : slots) {
            buffer.delete(slot);
        }
    }

    /**
     * Colours frames in order: one model call for all frames of a size that need the model (behind a live feed,
     * every other frame of a shot takes the previous frame's colour instead), then each frame smoothed with its
     * shot's previous one, as frame by frame.
     */
    private void colorizeAll(List<BufferedFrame> frames) {
        int width = colorizer.width();
        int height = colorizer.height();
        int pixels = width * height;
        long now = context.currentSystemTimeMs();
        boolean[] reuse = new boolean[frames.size()];
        java.util.Set<String> shotsSeen = new java.util.HashSet<>();
        Map<String, List<Integer>> bySize = new java.util.LinkedHashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            BufferedFrame f = frames.get(i);
            boolean previousKnown = smoothing && (shotsSeen.contains(f.key()) || hasState(f.key()));
            reuse[i] = previousKnown && keepUp.reuseChroma(f.live(), f.timestamp(), f.frame(), now);
            shotsSeen.add(f.key());
            if (!reuse[i]) {
                bySize.computeIfAbsent(f.frame().width() + "x" + f.frame().height(), k -> new ArrayList<>()).add(i);
            }
        }
        float[][] model = new float[frames.size()][];
        // The smoother compares the frames' luminance at the model's size: the model's own input, shrunk once.
        float[][] shrunkOf = new float[frames.size()][];
        for (List<Integer> group : bySize.values()) {
            List<byte[]> lumas = new ArrayList<>(group.size());
            group.forEach(i -> lumas.add(frames.get(i).frame().luma()));
            GrayFrame first = frames.get(group.get(0)).frame();
            float[][] shrunk = smoothing ? new float[group.size()][pixels] : null;
            float[][] ab = smoothing ? colorizer.colorizeBatch(lumas, first.width(), first.height(), shrunk)
                    : group.size() == 1
                    ? new float[][] {colorizer.colorize(lumas.get(0), first.width(), first.height())}
                    : colorizer.colorizeBatch(lumas, first.width(), first.height());
            for (int k = 0; k < group.size(); k++) {
                // Every answer checked before any frame is sent: a batch that fails is retried frame by frame, and
                // a frame sent before the failure would be sent twice.
                checkAnswer(ab[k], frames.get(group.get(k)), pixels);
                model[group.get(k)] = ab[k];
                if (smoothing) {
                    shrunkOf[group.get(k)] = shrunk[k];
                }
            }
        }
        try {
            smoothAndSend(frames, reuse, model, shrunkOf, now);
        } finally {
            writeMemo(); // also after a frame failed: the frames before it were sent
        }
    }

    private void smoothAndSend(List<BufferedFrame> frames, boolean[] reuse, float[][] model, float[][] shrunkOf,
                               long now) {
        int width = colorizer.width();
        int height = colorizer.height();
        int pixels = width * height;
        for (int i = 0; i < frames.size(); i++) {
            BufferedFrame f = frames.get(i);
            GrayFrame frame = f.frame();
            boolean havePrevious = false;
            if (smoothing) {
                ensureBuffers(pixels);
                if (shrunkOf[i] != null) {
                    System.arraycopy(shrunkOf[i], 0, luma, 0, pixels);
                } else { // a frame that takes the previous frame's colour: not through the model
                    Colorizer.shrink(frame.luma(), frame.width(), frame.height(), width, height, luma);
                }
                havePrevious = loadPrevious(f.key(), frame.seq(), width, height);
            }
            float[] out;
            if (reuse[i] && havePrevious) {
                out = memoAb; // behind a live feed: this frame takes the previous frame's colour
            } else {
                float[] ab = model[i];
                if (ab == null) { // a frame meant to reuse the previous colour, with no usable previous (a replay)
                    ab = colorizer.colorize(frame.luma(), frame.width(), frame.height());
                    checkAnswer(ab, f, pixels);
                }
                out = ab;
                if (havePrevious) {
                    smoother.smooth(memoAb, memoLuma, ab, luma, smoothedAb);
                    out = smoothedAb;
                }
            }
            if (smoothing) {
                remember(f.key(), frame.seq(), out, luma, now);
            }
            ColorFrame color = new ColorFrame(frame.videoId(), frame.seq(), frame.shot(), frame.ptsMicros(),
                    frame.width(), frame.height(), frame.luma(), width, height, ChromaQuantizer.quantize(out));
            context.forward(new Record<String, ColorRecord>(f.key(), color, f.timestamp(),
                    f.live() ? FrameHeaders.live() : new org.apache.kafka.common.header.internals.RecordHeaders()));
        }
    }

    private void checkAnswer(float[] ab, BufferedFrame f, int pixels) {
        if (ab == null || ab.length != 2 * pixels) {
            throw new IllegalStateException("the colorizer returned " + (ab == null ? "nothing" : ab.length
                    + " floats") + " for frame " + f.frame().seq() + " of " + f.key() + "; a " + colorizer.width()
                    + "x" + colorizer.height() + " model must return " + 2 * pixels + " (a*, b* per pixel)");
        }
    }

    /**
     * The state of the frame just coloured becomes the memo, as the store would give it back. {@code ab} may be
     * the memo's own plane (a frame that took the previous frame's colour).
     */
    private void remember(String key, long seq, float[] ab, float[] lumaAtModelSize, long now) {
        if (!key.equals(memoKey)) {
            writeMemo(); // another shot's state, not yet in the store
        }
        SmoothingState.roundTrip(ab, SmoothingState.AB_SCALE, memoAb);
        SmoothingState.roundTrip(lumaAtModelSize, SmoothingState.LUMA_SCALE, memoLuma);
        memoKey = key;
        memoSeq = seq;
        memoUpdatedMillis = now;
        memoDirty = true;
    }

    /** Puts the memo in the store if it is newer than the store's state. */
    private void writeMemo() {
        if (memoDirty) {
            store.put(memoKey, SmoothingState.of(memoSeq, colorizer.width(), colorizer.height(), memoAb, memoLuma,
                    memoUpdatedMillis));
            memoDirty = false;
        }
    }

    private void deleteState(String key) {
        store.delete(key);
        if (key.equals(memoKey)) {
            memoKey = null;
            memoDirty = false;
        }
    }

    /**
     * Makes the memo the shot's state, read from the store when the memo holds another shot (whose state is
     * written first); false when the shot has no state usable at this model size.
     */
    private boolean recall(String key, int width, int height) {
        if (key.equals(memoKey)) {
            return true;
        }
        SmoothingState state;
        try {
            state = store.get(key);
        } catch (SerializationException e) {
            LOG.warn("smoothing state of {} is unreadable ({}); smoothing starts clean", key, e.getMessage());
            return false;
        }
        if (state == null) {
            return false;
        }
        if (!state.matches(width, height)) {
            LOG.info("smoothing state of {} was made at {}x{}, the model is {}x{}; smoothing starts clean", key,
                    state.width(), state.height(), width, height);
            return false;
        }
        writeMemo();
        ensureBuffers(width * height);
        state.unpackAb(memoAb);
        state.unpackLuma(memoLuma);
        memoKey = key;
        memoSeq = state.lastSeq();
        memoUpdatedMillis = state.updatedMillis();
        return true;
    }

    /** Whether the shot has a smoothing state usable at this model size. */
    private boolean hasState(String key) {
        return recall(key, colorizer.width(), colorizer.height());
    }

    /** Whether the memo can be the previous frame's state (false when smoothing must start clean). */
    private boolean loadPrevious(String key, long seq, int width, int height) {
        if (!recall(key, width, height)) {
            return false;
        }
        if (seq <= memoSeq) {
            LOG.info("frame {} of {} comes after frame {} (a replay); smoothing starts clean", seq, key, memoSeq);
            return false;
        }
        return true;
    }

    private void ensureBuffers(int pixels) {
        if (luma.length != pixels) {
            luma = new float[pixels];
            smoothedAb = new float[2 * pixels];
        }
        if (memoLuma.length != pixels) {
            memoLuma = new float[pixels];
            memoAb = new float[2 * pixels];
        }
    }
}
