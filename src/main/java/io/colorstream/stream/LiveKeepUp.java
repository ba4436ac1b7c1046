package io.colorstream.stream;

import io.colorstream.wire.FrameHeaders;
import io.colorstream.wire.GrayFrame;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule by which colorize keeps up with a live feed it cannot follow at full speed. A live feed's frames come in
 * real time (ingest marks them, {@link FrameHeaders#LIVE}), so a frame that reaches colorize more than
 * {@code maxLag} after ingest sent it shows the flow falling behind. While it is behind, every other frame (odd
 * sequence numbers) of a shot takes the previous frame's colour instead of a model call: the model's work halves,
 * no frame is dropped, and the picture keeps its colour (within a shot, chroma changes slowly; the next frame gets
 * the model again). Once frames arrive within half the lag again, every frame gets the model. The first time a
 * film falls behind is logged as a warning, once for the film (later changes at debug level: a flow at the edge of
 * its pace may go back and forth every few seconds). Files are never affected: ingest runs ahead of a file on
 * purpose, so their frames wait by design.
 *
 * <p>One instance per topology, shared by its processors (stream tasks, possibly on several threads).
 */
public final class LiveKeepUp {
    /** Two seconds: more than a frame's normal trip (tens of milliseconds), less than a viewer's patience. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(LiveKeepUp.class);

    private final long maxLagMillis;
    private final Map<String, Boolean> behind = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final AtomicLong reused = new AtomicLong();

    public LiveKeepUp(Duration maxLag) {
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("the live lag allowed must be positive, got " + maxLag);
        }
        this.maxLagMillis = maxLag.toMillis();
    }

    /** Whether this frame, with its shot's previous colour at hand, takes that colour instead of the model's. */
    boolean reuseChroma(boolean live, long sentMillis, GrayFrame frame, long nowMillis) {
        if (!live) {
            return false;
        }
        long lag = nowMillis - sentMillis;
        String film = frame.videoId();
        boolean was = Boolean.TRUE.equals(behind.get(film));
        // Hysteresis: behind past the lag, caught up below half of it, so the rule does not flip every frame.
        boolean late = was ? lag > maxLagMillis / 2 : lag > maxLagMillis;
        if (late != was) {
            if (behind.size() > 1000) { // ended feeds: bounded memory
                behind.clear();
                warned.clear();
            }
            behind.put(film, late);
            if (late && warned.putIfAbsent(film, true) == null) {
                LOG.warn("colorize is {} ms behind the live feed {} (more than {} ms): while behind, every other "
                        + "frame takes the previous frame's colour (said once per film)", lag, film, maxLagMillis);
            } else {
                LOG.debug("live feed {}: colorize {} ({} ms)", film, late ? "behind again" : "caught up", lag);
            }
        }
        boolean reuse = late && (frame.seq() & 1) == 1;
        if (reuse) {
            reused.incrementAndGet();
        }
        return reuse;
    }

    /** Frames that took the previous frame's colour so far. */
    public long reusedFrames() {
        return reused.get();
    }
}
