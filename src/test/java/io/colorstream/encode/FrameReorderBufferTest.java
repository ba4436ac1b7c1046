package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.wire.ColorFrame;
import io.colorstream.testing.SyntheticFilm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameReorderBufferTest {
    @TempDir
    Path dir;

    /** Frames of consecutive shots, interleaved at random as partitions would deliver them, in order per shot. */
    static List<ColorFrame> interleavedShots(int[] shotLengths, long seed) {
        List<List<ColorFrame>> shots = new ArrayList<>();
        long seq = 0;
        for (int s = 0; s < shotLengths.length; s++) {
            List<ColorFrame> shot = new ArrayList<>();
            for (int i = 0; i < shotLengths[s]; i++, seq++) {
                shot.add(SyntheticFilm.colorFrame("film", seq, s, seq * 40_000, 16, 8, 4, 2, (int) (seq % 100), -5));
            }
            shots.add(shot);
        }
        Random random = new Random(seed);
        List<ColorFrame> out = new ArrayList<>();
        int[] next = new int[shots.size()];
        while (out.size() < seq) {
            int s = random.nextInt(shots.size());
            if (next[s] < shots.get(s).size()) {
                out.add(shots.get(s).get(next[s]++));
            }
        }
        return out;
    }

    private static long filesIn(Path d) throws IOException {
        if (!Files.exists(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void releasesShuffledShotsInFilmOrder() {
        List<ColorFrame> in = interleavedShots(new int[] {7, 30, 1, 12, 25}, 1);
        List<Long> out = new ArrayList<>();
        try (FrameReorderBuffer buffer = new FrameReorderBuffer(dir.resolve("v"), 1000, Long.MAX_VALUE)) {
            for (ColorFrame f : in) {
                assertTrue(buffer.offer(f));
                ColorFrame next;
                while ((next = buffer.poll()) != null) {
                    out.add(next.seq());
                }
            }
            assertEquals(0, buffer.waiting());
            assertEquals(75, buffer.nextSeq());
        }
        assertEquals(75, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i));
        }
    }

    @Test
    void spillsPastTheBoundAndReadsBackIntact() throws IOException {
        List<ColorFrame> in = interleavedShots(new int[] {40, 40, 40}, 7);
        Path spill = dir.resolve("v");
        int bound = 4;
        long maxSeen = 0;
        List<ColorFrame> out = new ArrayList<>();
        try (FrameReorderBuffer buffer = new FrameReorderBuffer(spill, bound, Long.MAX_VALUE)) {
            for (ColorFrame f : in) {
                buffer.offer(f);
                assertTrue(buffer.framesInMemory() <= bound, "memory holds " + buffer.framesInMemory());
                assertEquals(buffer.framesSpilled(), filesIn(spill), "one file per spilled frame");
                maxSeen = Math.max(maxSeen, filesIn(spill));
                ColorFrame next;
                while ((next = buffer.poll()) != null) {
                    out.add(next);
                }
                assertEquals(buffer.framesSpilled(), filesIn(spill), "files go once read back");
            }
            assertTrue(buffer.spillCount() > 0);
            assertEquals(0, filesIn(spill));
        }
        assertTrue(maxSeen > 0, "frames must have gone to disk");
        assertEquals(120, out.size());
        for (int i = 0; i < out.size(); i++) {
            ColorFrame f = out.get(i);
            ColorFrame original = in.stream().filter(x -> x.seq() == f.seq()).findFirst().orElseThrow();
            assertEquals(i, f.seq());
            assertEquals(original.shot(), f.shot());
            assertEquals(original.ptsMicros(), f.ptsMicros());
            assertArrayEquals(original.luma(), f.luma());
            assertArrayEquals(original.chroma(), f.chroma());
        }
    }

    @Test
    void theByteBoundSpillsToo() throws IOException {
        ColorFrame probe = SyntheticFilm.colorFrame("film", 0, 0, 0, 16, 8, 4, 2, 0, 0);
        long frameBytes = probe.luma().length + probe.chroma().length;
        Path spill = dir.resolve("v");
        try (FrameReorderBuffer buffer = new FrameReorderBuffer(spill, 1000, 3 * frameBytes)) {
            for (int seq = 10; seq > 0; seq--) { // all out of order: frame 0 comes last
                buffer.offer(SyntheticFilm.colorFrame("film", seq, 0, seq, 16, 8, 4, 2, 0, 0));
                assertTrue(buffer.bytesInMemory() <= 3 * frameBytes);
            }
            assertEquals(7, buffer.framesSpilled());
            assertEquals(7, filesIn(spill));
            assertNull(buffer.poll());
            buffer.offer(probe);
            for (int seq = 0; seq <= 10; seq++) {
                assertEquals(seq, buffer.poll().seq());
            }
        }
    }

    @Test
    void ignoresDuplicatesWhetherHandedOutWaitingOrSpilled() {
        try (FrameReorderBuffer buffer = new FrameReorderBuffer(dir.resolve("v"), 1, Long.MAX_VALUE)) {
            ColorFrame f0 = SyntheticFilm.colorFrame("film", 0, 0, 0, 16, 8, 4, 2, 1, 1);
            ColorFrame f2 = SyntheticFilm.colorFrame("film", 2, 0, 80_000, 16, 8, 4, 2, 1, 1);
            ColorFrame f3 = SyntheticFilm.colorFrame("film", 3, 0, 120_000, 16, 8, 4, 2, 1, 1);
            assertTrue(buffer.offer(f0));
            assertEquals(0, buffer.poll().seq());
            assertFalse(buffer.offer(f0), "already handed out");
            assertTrue(buffer.offer(f2));
            assertTrue(buffer.offer(f3)); // bound 1: one of them is on disk now
            assertEquals(1, buffer.framesSpilled());
            assertFalse(buffer.offer(f2), "waiting in memory or on disk");
            assertFalse(buffer.offer(f3), "waiting in memory or on disk");
            assertEquals(2, buffer.waiting());
            assertNull(buffer.poll());
            assertTrue(buffer.offer(SyntheticFilm.colorFrame("film", 1, 0, 40_000, 16, 8, 4, 2, 1, 1)));
            assertEquals(1, buffer.poll().seq());
            assertEquals(2, buffer.poll().seq());
            assertEquals(3, buffer.poll().seq());
            assertNull(buffer.poll());
        }
    }

    @Test
    void closeRemovesTheSpillDirectoryAndOldLeftoversGoAtStart() throws IOException {
        Path spill = dir.resolve("v");
        Files.createDirectories(spill);
        Files.writeString(spill.resolve("5.frame.cbor"), "left by a crashed run");
        FrameReorderBuffer buffer = new FrameReorderBuffer(spill, 1, Long.MAX_VALUE);
        assertFalse(Files.exists(spill), "leftovers of a crashed run are redelivered, so they go");
        for (int seq = 5; seq >= 1; seq--) {
            buffer.offer(SyntheticFilm.colorFrame("film", seq, 0, seq, 16, 8, 4, 2, 0, 0));
        }
        assertEquals(4, filesIn(spill));
        buffer.close();
        assertFalse(Files.exists(spill));
        assertThrows(IllegalStateException.class, buffer::poll);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new FrameReorderBuffer(dir, 0, 10));
        try (FrameReorderBuffer buffer = new FrameReorderBuffer(dir.resolve("v"), 1, 10)) {
            ColorFrame bad = SyntheticFilm.colorFrame("film", -1, 0, 0, 16, 8, 4, 2, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> buffer.offer(bad));
        }
    }
}
