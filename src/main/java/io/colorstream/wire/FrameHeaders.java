package io.colorstream.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Kafka record headers that the flow's stages put on frames. */
public final class FrameHeaders {
    /**
     * On the gray frames of a live feed (a stream with no set length): its frames come in real time, so how long a
     * frame waited since ingest sent it says whether colorize keeps up with the feed.
     */
    public static final String LIVE = "colorstream.live";

    private FrameHeaders() {
    }

    /** Headers of a live feed's frame. */
    public static Headers live() {
        return new RecordHeaders().add(LIVE, "1".getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean isLive(Headers headers) {
        return headers != null && headers.lastHeader(LIVE) != null;
    }
}
