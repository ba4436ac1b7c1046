package io.colorstream.encode;

import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when a video has everything, from what ingest said and what arrived; never from silence. A video is
 * complete when its {@link VideoFacts.Totals} are known, every shot's {@link ShotEnd} has arrived, every shot's
 * end count agrees with the totals and with the frames actually received for it, the frames add up to the total,
 * and every audio chunk is in.
 *
 * <p>Counts only what it is told: the caller reports each distinct frame once (duplicates are filtered out by the
 * {@link FrameReorderBuffer} before they get here). Contradictions (more frames in a shot than its end says, or a
 * shot end that disagrees with the totals) are problems, reported by {@link #problem()}, not waited out.
 */
public final class VideoCompletion {
    private final String videoId;
    private VideoFacts.Totals totals;
    private final Map<Integer, Long> framesPerShot = new HashMap<>();
    private final Map<Integer, Long> shotEnds = new HashMap<>();
    private long frames;
    private long audioChunks;
    private String problem;

    public VideoCompletion(String videoId) {
        this.videoId = videoId;
    }

    /** Facts may come first without totals and again with them; the totals, once known, must not change. */
    public void facts(VideoFacts facts) {
        VideoFacts.Totals t = facts.totals();
        if (t == null) {
            return;
        }
        if (t.frames() < 0 || t.audioChunks() < 0 || t.shotFrameCounts() == null) {
            problem("totals are malformed: " + t.frames() + " frames, " + t.audioChunks() + " audio chunks");
            return;
        }
        long sum = 0;
        for (long c : t.shotFrameCounts()) {
            sum += c;
        }
        if (sum != t.frames()) {
            problem("totals disagree with themselves: shots add up to " + sum + " frames, total says "
                    + t.frames());
        }
        if (totals != null && !sameTotals(totals, t)) {
            problem("totals changed: first " + describe(totals) + ", now " + describe(t));
        }
        totals = t;
        for (Map.Entry<Integer, Long> e : shotEnds.entrySet()) {
            checkShotEndAgainstTotals(e.getKey(), e.getValue());
        }
        for (Map.Entry<Integer, Long> e : framesPerShot.entrySet()) {
            checkFrameCount(e.getKey());
        }
    }

    /** One distinct frame of {@code shot} arrived. */
    public void frameArrived(int shot) {
        if (shot < 0) {
            problem("frame with negative shot index " + shot);
            return;
        }
        framesPerShot.merge(shot, 1L, Long::sum);
        frames++;
        checkFrameCount(shot);
    }

    /** A shot's end marker arrived (again, after a redelivery, is fine if it says the same). */
    public void shotEnded(ShotEnd end) {
        Long before = shotEnds.putIfAbsent(end.shot(), end.frameCount());
        if (before != null && before != end.frameCount()) {
            problem("shot " + end.shot() + " ended twice with different counts: " + before + " and "
                    + end.frameCount());
        }
        checkShotEndAgainstTotals(end.shot(), end.frameCount());
        checkFrameCount(end.shot());
    }

    /** How many distinct audio chunks, counted from index 0 without a gap, are in. */
    public void audioChunksReceived(long contiguousChunks) {
        audioChunks = contiguousChunks;
        if (totals != null && audioChunks > totals.audioChunks()) {
            problem(audioChunks + " audio chunks arrived, totals say " + totals.audioChunks());
        }
    }

    public boolean isComplete() {
        if (problem != null || totals == null) {
            return false;
        }
        long[] counts = totals.shotFrameCounts();
        for (int shot = 0; shot < counts.length; shot++) {
            Long end = shotEnds.get(shot);
            if (end == null || end != counts[shot] || framesPerShot.getOrDefault(shot, 0L) != counts[shot]) {
                return false;
            }
        }
        return frames == totals.frames() && audioChunks == totals.audioChunks();
    }

    /** Totals, or null until ingest has published them. */
    public VideoFacts.Totals totals() {
        return totals;
    }

    public long framesArrived() {
        return frames;
    }

    /** What contradicts itself, or null. A video with a problem never completes. */
    public String problem() {
        return problem;
    }

    /** What the video still waits for, for progress reports and timeouts. */
    public String missing() {
        if (problem != null) {
            return "nothing: it failed (" + problem + ")";
        }
        if (totals == null) {
            return "the totals from ingest (" + frames + " frames, " + shotEnds.size() + " shot ends, "
                    + audioChunks + " audio chunks so far)";
        }
        List<Integer> shotsOpen = new ArrayList<>();
        long[] counts = totals.shotFrameCounts();
        for (int shot = 0; shot < counts.length; shot++) {
            Long end = shotEnds.get(shot);
            if (end == null || framesPerShot.getOrDefault(shot, 0L) != counts[shot]) {
                shotsOpen.add(shot);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!shotsOpen.isEmpty()) {
            parts.add((totals.frames() - frames) + " frames in shots " + abbreviate(shotsOpen));
        }
        if (audioChunks < totals.audioChunks()) {
            parts.add((totals.audioChunks() - audioChunks) + " audio chunks");
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    private void checkShotEndAgainstTotals(int shot, long count) {
        if (totals == null) {
            return;
        }
        long[] counts = totals.shotFrameCounts();
        if (shot >= counts.length) {
            problem("shot " + shot + " ended, but totals list only " + counts.length + " shots");
        } else if (counts[shot] != count) {
            problem("shot " + shot + " ended with " + count + " frames, totals say " + counts[shot]);
        }
    }

    private void checkFrameCount(int shot) {
        long have = framesPerShot.getOrDefault(shot, 0L);
        Long end = shotEnds.get(shot);
        if (end != null && have > end) {
            problem("shot " + shot + " has " + have + " distinct frames, its end marker says " + end);
        }
        if (totals != null) {
            long[] counts = totals.shotFrameCounts();
            if (shot >= counts.length) {
                problem("a frame of shot " + shot + " arrived, but totals list only " + counts.length + " shots");
            } else if (have > counts[shot]) {
                problem("shot " + shot + " has " + have + " distinct frames, totals say " + counts[shot]);
            }
        }
    }

    private void problem(String what) {
        if (problem == null) {
            problem = "video " + videoId + ": " + what;
        }
    }

    private static boolean sameTotals(VideoFacts.Totals x, VideoFacts.Totals y) {
        return x.frames() == y.frames() && x.audioChunks() == y.audioChunks()
                && java.util.Arrays.equals(x.shotFrameCounts(), y.shotFrameCounts());
    }

    private static String describe(VideoFacts.Totals t) {
        return t.frames() + " frames in " + t.shots() + " shots, " + t.audioChunks() + " audio chunks";
    }

    private static String abbreviate(List<Integer> shots) {
        if (shots.size() <= 8) {
            return shots.toString();
        }
        return shots.subList(0, 8) + " and " + (shots.size() - 8) + " more";
    }
}
