package io.colorstream.stream;

import io.colorstream.wire.FrameHeaders;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule by which colorize keeps up with a live feed it cannot follow at full speed. A live feed's frames come in
 * real time (ingest marks them, {@link FrameHeaders#LIVE}), so a frame that reaches colorize more than
 * {@code maxLag} after ingest sent it shows the flow falling behind. While it is behind, every other frame (odd
 * sequence numbers) of a shot takes the previous frame's colour instead of a model call: the model's work halves,
 * no frame is dropped, and the picture keeps its colour (within a shot, chroma changes slowly; the next frame gets
 * the model again). Once frames arrive within the lag again, every frame gets the model. Each change is logged
 * once per film. Files are never affected: ingest runs ahead of a file on purpose, so their frames wait by design.
 *
 * <p>One instance per processor, so one thread.
 */
public final class LiveKeepUp {
    /** Two seconds: more than a frame's normal trip (tens of milliseconds), less than a viewer's patience. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(LiveKeepUp.class);

    private final long maxLagMillis;
    private final Map<String, Boolean> behind = new HashMap<>();
    private long reused;

    public LiveKeepUp(Duration maxLag) {
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("the live lag allowed must be positive, got " + maxLag);
        }
        this.maxLagMillis = maxLag.toMillis();
    }

    /** Whether this frame, with its shot's previous colour at hand, takes that colour instead of the model's. */
    boolean reuseChroma(Record<String, GrayRecord> record, GrayFrame frame, long nowMillis) {
        if (!FrameHeaders.isLive(record.headers())) {
            return false;
        }
        long lag = nowMillis - record.timestamp();
        boolean late = lag > maxLagMillis;
        Boolean was = behind.put(frame.videoId(), late);
        if (late && !Boolean.TRUE.equals(was)) {
            LOG.warn("colorize is {} ms behind the live feed {} (more than {} ms): every other frame takes the "
                    + "previous frame's colour until it catches up", lag, frame.videoId(), maxLagMillis);
        } else if (!late && Boolean.TRUE.equals(was)) {
            LOG.info("colorize has caught up with the live feed {}: every frame gets the model again",
                    frame.videoId());
        }
        if (behind.size() > 1000) { // ended feeds: bounded memory, at worst one more message
            behind.clear();
        }
        boolean reuse = late && (frame.seq() & 1) == 1;
        if (reuse) {
            reused++;
        }
        return reuse;
    }

    /** Frames that took the previous frame's colour so far. */
    public long reusedFrames() {
        return reused;
    }
}
