package io.colorstream.stream;

import io.colorstream.model.Colorizer;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.FrameKeys;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static final Logger LOG = LoggerFactory.getLogger(ColorizeProcessor.class);
    private static final Duration MAX_EXPIRY_INTERVAL = Duration.ofMinutes(10);

    private final Colorizer colorizer;
    private final int maxFrameBytes;
    private final boolean smoothing;
    private final Duration stateTtl;
    private final ChromaSmoother smoother;
    private final LumaDownscaler downscaler = new LumaDownscaler();
    private final LiveKeepUp keepUp;

    private ProcessorContext<String, ColorRecord> context;
    private KeyValueStore<String, SmoothingState> store;

    private float[] luma = new float[0];
    private float[] previousLuma = new float[0];
    private float[] previousAb = new float[0];
    private float[] smoothedAb = new float[0];

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings) {
        this(colorizer, settings, Integer.MAX_VALUE);
    }

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings, int maxFrameBytes) {
        this(colorizer, settings, maxFrameBytes, new LiveKeepUp(LiveKeepUp.DEFAULT_MAX_LAG));
    }

    ColorizeProcessor(Colorizer colorizer, SmoothingSettings settings, int maxFrameBytes, LiveKeepUp keepUp) {
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
            store.delete(key);
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
            store.delete(key);
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
        int width = colorizer.width();
        int height = colorizer.height();
        int pixels = width * height;
        boolean havePrevious = false;
        if (smoothing) {
            ensureBuffers(pixels);
            downscaler.downscale(frame.luma(), frame.width(), frame.height(), width, height, luma);
            havePrevious = loadPrevious(key, frame.seq(), width, height);
        }
        float[] out;
        if (havePrevious && keepUp.reuseChroma(record, frame, context.currentSystemTimeMs())) {
            out = previousAb; // behind a live feed: this frame takes the previous frame's colour
        } else {
            float[] ab = colorizer.colorize(frame.luma(), frame.width(), frame.height());
            if (ab == null || ab.length != 2 * pixels) {
                throw new IllegalStateException("the colorizer returned " + (ab == null ? "nothing" : ab.length
                        + " floats") + " for frame " + frame.seq() + " of " + key + "; a " + width + "x" + height
                        + " model must return " + 2 * pixels + " (a*, b* per pixel)");
            }
            out = ab;
            if (havePrevious) {
                smoother.smooth(previousAb, previousLuma, ab, luma, smoothedAb);
                out = smoothedAb;
            }
        }
        if (smoothing) {
            store.put(key, SmoothingState.of(frame.seq(), width, height, out, luma, context.currentSystemTimeMs()));
        }
        ColorFrame color = new ColorFrame(frame.videoId(), frame.seq(), frame.shot(), frame.ptsMicros(),
                frame.width(), frame.height(), frame.luma(), width, height, ChromaQuantizer.quantize(out));
        context.forward(record.<String>withKey(key).withValue(color));
    }

    /** Fills the previous-frame buffers from the store; false when smoothing must start clean. */
    private boolean loadPrevious(String key, long seq, int width, int height) {
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
        if (seq <= state.lastSeq()) {
            LOG.info("frame {} of {} comes after frame {} (a replay); smoothing starts clean", seq, key,
                    state.lastSeq());
            return false;
        }
        state.unpackAb(previousAb);
        state.unpackLuma(previousLuma);
        return true;
    }

    private void ensureBuffers(int pixels) {
        if (luma.length != pixels) {
            luma = new float[pixels];
            previousLuma = new float[pixels];
            previousAb = new float[2 * pixels];
            smoothedAb = new float[2 * pixels];
        }
    }
}
