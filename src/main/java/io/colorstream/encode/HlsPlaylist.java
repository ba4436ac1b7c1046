package io.colorstream.encode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The text of an HLS media playlist (RFC 8216) for a stream published a segment at a time: a sliding window of
 * the newest segments (a live playlist) or, with no window, every segment from the first (an EVENT playlist, the
 * whole recording so far), and {@code #EXT-X-ENDLIST} once the stream has ended.
 */
final class HlsPlaylist {
    /** One published segment: its file name (relative to the playlist) and length in seconds. */
    record Segment(String uri, double seconds) {
    }

    private final int window;
    private final int targetSeconds;
    private final Deque<Segment> listed = new ArrayDeque<>();
    private long firstSequence;
    private boolean ended;

    /**
     * @param window        segments listed at once; 0 lists all of them (the full recording)
     * @param targetSeconds the longest segment, rounded up (the playlist's target duration, fixed for its life)
     */
    HlsPlaylist(int window, int targetSeconds) {
        if (window < 0) {
            throw new IllegalArgumentException("a playlist window is 0 (all segments) or more, got " + window);
        }
        if (targetSeconds < 1) {
            throw new IllegalArgumentException("a target duration is at least 1 s, got " + targetSeconds);
        }
        this.window = window;
        this.targetSeconds = targetSeconds;
    }

    /** Lists a new segment; returns the one that left the window, or null. */
    Segment add(Segment s) {
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        listed.addLast(s);
        if (window > 0 && listed.size() > window) {
            firstSequence++;
            return listed.removeFirst();
        }
        return null;
    }

    void end() {
        ended = true;
    }

    int size() {
        return listed.size();
    }

    /** Media sequence number of the first listed segment: how many have left the window. */
    long firstSequence() {
        return firstSequence;
    }

    String render() {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        // A segment may run a little longer than planned (a tick skipped on a variable-rate source): the target
        // stays what the playlist began with, as the specification requires, and is checked when segments come.
        b.append("#EXT-X-TARGETDURATION:").append(targetSeconds).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(firstSequence).append('\n');
        if (window == 0) {
            b.append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        }
        for (Segment s : listed) {
            b.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.seconds())).append(s.uri()).append('\n');
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }
}
