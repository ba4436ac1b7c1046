package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encode role's per-video logic without Kafka: records in any order in, a finished film out. */
class FilmAssemblyTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final long[] SHOTS = {10, 14, 6};
    private static final int A = 40;
    private static final int B = -30;

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    private FilmAssembly assembly(Path out) {
        return new FilmAssembly("reel", out, dir.resolve("work"), FilmEncoder.Settings.defaults()
                .withPreset("veryfast"), new FrameReorderBuffer.Limits(3, Long.MAX_VALUE));
    }

    /** Every record of the film in an order partitions could deliver: shots interleaved, audio alongside. */
    private static List<Object> deliveries(long seed) {
        List<List<Object>> lanes = new ArrayList<>();
        long seq = 0;
        for (int s = 0; s < SHOTS.length; s++) {
            List<Object> lane = new ArrayList<>();
            for (int i = 0; i < SHOTS[s]; i++, seq++) {
                lane.add(SyntheticFilm.colorFrame("reel", seq, s, seq * 40_000, W, H, 8, 6, A, B));
            }
            lane.add(new ShotEnd("reel", s, SHOTS[s]));
            lanes.add(lane);
        }
        lanes.add(new ArrayList<>(SyntheticFilm.tone("reel", 48_000, 2, 1.2, 1920)));
        Random random = new Random(seed);
        List<Object> out = new ArrayList<>();
        int[] next = new int[lanes.size()];
        int left = lanes.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int l = random.nextInt(lanes.size());
            if (next[l] < lanes.get(l).size()) {
                Object o = lanes.get(l).get(next[l]++);
                out.add(o);
                left--;
                if (random.nextInt(8) == 0) {
                    out.add(o); // redelivered after a "crash"
                }
            }
        }
        return out;
    }

    private static void give(FilmAssembly film, Object o) throws Exception {
        if (o instanceof ColorFrame f) {
            film.frame(f);
        } else if (o instanceof ShotEnd e) {
            film.shotEnd(e);
        } else if (o instanceof AudioChunk c) {
            film.audio(c);
        } else if (o instanceof VideoFacts v) {
            film.facts(v);
        }
    }

    @Test
    void aDeferredFilmWaitsCompleteUntilItIsFinishedElsewhere() throws Exception {
        Path out = dir.resolve("films/reel.mp4");
        VideoFacts facts = SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2);
        List<Object> records = deliveries(5);
        long frames = java.util.Arrays.stream(SHOTS).sum();
        long chunks = records.stream().filter(o -> o instanceof AudioChunk).distinct().count();
        try (FilmAssembly film = assembly(out).deferringFinish()) {
            film.facts(facts);
            for (Object o : records) {
                give(film, o);
            }
            film.facts(facts.withTotals(new VideoFacts.Totals(frames, SHOTS, chunks)));
            assertTrue(film.readyToFinish(), "complete, and waiting");
            assertEquals(null, film.finishedFilm());
            assertFalse(java.nio.file.Files.exists(out), "not written on the thread that fed it");
            Path written = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return film.completeFinish();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get();
            assertEquals(out.toAbsolutePath().normalize(), written.toAbsolutePath().normalize());
            assertEquals(frames, FilmProbe.of(out).frames());
        }
    }

    @Test
    void putsTogetherAFilmFromRecordsInAnyOrder() throws Exception {
        Path out = dir.resolve("films/reel.mp4");
        VideoFacts facts = SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2);
        List<Object> records = deliveries(11);
        List<AudioChunk> audio = records.stream().filter(o -> o instanceof AudioChunk).map(o -> (AudioChunk) o)
                .distinct().toList();
        try (FilmAssembly film = assembly(out)) {
            for (int i = 0; i < records.size(); i++) {
                if (i == 12) {
                    film.facts(facts); // frames came before the facts: they waited
                }
                give(film, records.get(i));
                assertNull(film.finishedFilm());
                assertFalse(Files.exists(out), "no film before the totals say it is complete");
            }
            assertEquals(30, film.framesEncoded(), "every frame is encoded as soon as it is next in order");
            assertTrue(film.waitingFor().contains("totals"), film.waitingFor());
            film.facts(facts.withTotals(new VideoFacts.Totals(30, SHOTS, audio.size())));
            assertEquals(out.toAbsolutePath(), film.finishedFilm());
            assertFalse(Files.exists(dir.resolve("work")), "spill and spool files are gone");
            // late redeliveries after the end change nothing
            assertFalse(film.frame((ColorFrame) records.stream().filter(o -> o instanceof ColorFrame).findFirst()
                    .orElseThrow()));
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(30, p.frames());
        assertEquals(25.0, p.averageFrameRate(), 1e-6);
        assertEquals(1.2, p.audioDurationSeconds(), 1024.0 / 48_000 + 1e-6);
        double sumA = 0;
        double sumB = 0;
        byte[] bgr = p.firstFrameBgr();
        int n = bgr.length / 3;
        for (int i = 0; i < n; i++) {
            double[] lab = ColorSpace.srgbToLab(bgr[3 * i + 2] & 0xFF, bgr[3 * i + 1] & 0xFF, bgr[3 * i] & 0xFF);
            sumA += lab[1];
            sumB += lab[2];
        }
        assertEquals(A, sumA / n, 4, "mean a* of the decoded picture");
        assertEquals(B, sumB / n, 4, "mean b* of the decoded picture");
    }

    @Test
    void anInterruptedFilmIsFinishedBesideTheOutputWithWhatCameBeforeTheBreak() throws Exception {
        Path out = dir.resolve("films/reel.mp4");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "a whole film from an earlier run");
        // The input broke 5 frames into shot 1: ingest closed that shot at 5 frames and sent 0.6 s of sound.
        long[] shots = {10, 5};
        List<Object> records = new ArrayList<>();
        for (long seq = 0; seq < 15; seq++) {
            records.add(SyntheticFilm.colorFrame("reel", seq, seq < 10 ? 0 : 1, seq * 40_000, W, H, 8, 6, A, B));
        }
        records.add(new ShotEnd("reel", 0, 10));
        records.add(new ShotEnd("reel", 1, 5));
        List<AudioChunk> audio = SyntheticFilm.tone("reel", 48_000, 2, 0.6, 1920);
        records.addAll(audio);
        java.util.Collections.shuffle(records, new Random(3));
        VideoFacts facts = SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2);
        try (FilmAssembly film = assembly(out)) {
            film.facts(facts);
            for (Object o : records) {
                give(film, o);
            }
            assertNull(film.finishedFilm(), "nothing is finished before ingest says how it ended");
            film.facts(facts.interruptedWith(new VideoFacts.Totals(15, shots, audio.size()), "the feed dropped"));
            Path partial = dir.resolve("films/reel.partial.mp4").toAbsolutePath();
            assertEquals(partial, film.finishedFilm());
            assertEquals("the feed dropped", film.interruption());
        }
        assertEquals("a whole film from an earlier run", Files.readString(out), "the output is left alone");
        FilmProbe p = FilmProbe.of(dir.resolve("films/reel.partial.mp4"));
        assertEquals(15, p.frames());
        assertEquals(0.6, p.audioDurationSeconds(), 1024.0 / 48_000 + 1e-6);
    }

    @Test
    void aFilmGivenUpOnIsFinishedWithTheFramesInOrderAndTheirSound() throws Exception {
        Path out = dir.resolve("films/reel.mp4");
        List<Object> records = new ArrayList<>();
        for (long seq = 0; seq < 12; seq++) {
            if (seq != 9) { // frame 9 never came: 10 and 11 wait behind the gap
                records.add(SyntheticFilm.colorFrame("reel", seq, 0, seq * 40_000, W, H, 8, 6, A, B));
            }
        }
        records.addAll(SyntheticFilm.tone("reel", 48_000, 2, 1.0, 1920)); // sound beyond the last frame
        java.util.Collections.shuffle(records, new Random(5));
        try (FilmAssembly film = assembly(out)) {
            film.facts(SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2));
            for (Object o : records) {
                give(film, o);
            }
            assertNull(film.finishedFilm(), "without totals the film waits");

            Path partial = film.giveUp("nothing arrived for 60 min");

            assertEquals(dir.resolve("films/reel.partial.mp4").toAbsolutePath(), partial);
            assertEquals(partial, film.finishedFilm());
            assertEquals("nothing arrived for 60 min", film.interruption());
            assertEquals(9, film.framesEncoded());
            assertFalse(Files.exists(out), "the output name is kept for a whole film");
            assertFalse(Files.exists(dir.resolve("work")), "spill and spool files are gone");
        }
        FilmProbe p = FilmProbe.of(dir.resolve("films/reel.partial.mp4"));
        assertEquals(9, p.frames());
        assertEquals(9 * 0.04, p.audioDurationSeconds(), 1920.0 / 48_000 + 1e-6, "sound up to the last frame");
    }

    @Test
    void givingUpOnAFilmWithNoFrameSaysSo() throws Exception {
        try (FilmAssembly film = assembly(dir.resolve("films/reel.mp4"))) {
            film.facts(SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> film.giveUp("silent"));
            assertTrue(e.getMessage().contains("video reel: silent; no frame of it could be encoded"),
                    e.getMessage());
        }
    }

    @Test
    void neverFinishesWithoutEveryShotEndAndLeavesNothingWhenAbandoned() throws Exception {
        Path out = dir.resolve("reel.mp4");
        List<Object> records = deliveries(5);
        List<AudioChunk> audio = records.stream().filter(o -> o instanceof AudioChunk).map(o -> (AudioChunk) o)
                .distinct().toList();
        FilmAssembly film = assembly(out);
        film.facts(SyntheticFilm.facts("reel", W, H, 25, 1, 48_000, 2)
                .withTotals(new VideoFacts.Totals(30, SHOTS, audio.size())));
        for (Object o : records) {
            if (!(o instanceof ShotEnd e && e.shot() == 1)) {
                give(film, o);
            }
        }
        assertNull(film.finishedFilm());
        assertTrue(film.waitingFor().contains("[1]"), film.waitingFor());
        film.close();
        assertFalse(Files.exists(out));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no temporary film, no work files");
        }
    }

    @Test
    void contradictionsFailTheFilm() throws Exception {
        Path out = dir.resolve("reel.mp4");
        try (FilmAssembly film = assembly(out)) {
            film.facts(SyntheticFilm.facts("reel", W, H, 25, 1, 0, 0)
                    .withTotals(new VideoFacts.Totals(2, new long[] {2}, 0)));
            film.frame(SyntheticFilm.colorFrame("reel", 0, 0, 0, W, H, 8, 6, A, B));
            film.frame(SyntheticFilm.colorFrame("reel", 1, 0, 40_000, W, H, 8, 6, A, B));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> film.frame(SyntheticFilm.colorFrame("reel", 2, 0, 80_000, W, H, 8, 6, A, B)));
            assertTrue(e.getMessage().contains("shot 0"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> film.shotEnd(new ShotEnd("other", 0, 2)));
        }
        assertFalse(Files.exists(out));
    }
}
