package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.wire.AudioChunk;
import io.colorstream.testing.SyntheticFilm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSpoolTest {
    @TempDir
    Path dir;

    @Test
    void keepsChunksOnDiskAndHandsThemBackInOrderOnce() {
        List<AudioChunk> tone = SyntheticFilm.tone("v", 48_000, 2, 0.5, 4800);
        Path file = dir.resolve("audio.s16le");
        try (AudioSpool spool = new AudioSpool("v", file)) {
            assertTrue(spool.add(tone.get(0)));
            assertTrue(spool.add(tone.get(2))); // ahead of a gap: waits
            assertEquals(1, spool.contiguousChunks());
            assertFalse(spool.add(tone.get(0)), "redelivered");
            assertFalse(spool.add(tone.get(2)), "redelivered while waiting");
            for (int i = 1; i < tone.size(); i++) {
                if (i != 2) {
                    assertTrue(spool.add(tone.get(i)));
                }
            }
            assertEquals(tone.size(), spool.contiguousChunks());
            assertTrue(Files.exists(file));
            long bytes = tone.stream().mapToLong(c -> c.samples().length).sum();
            assertEquals(bytes, file.toFile().length(), "the samples live on disk");
            for (AudioChunk want : tone) {
                assertEquals(want.ptsMicros(), spool.nextPtsMicros());
                AudioChunk got = spool.next();
                assertEquals(want.index(), got.index());
                assertEquals(want.sampleRate(), got.sampleRate());
                assertEquals(want.channels(), got.channels());
                assertArrayEquals(want.samples(), got.samples());
            }
            assertNull(spool.next());
            assertEquals(Long.MAX_VALUE, spool.nextPtsMicros());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesPartialSampleFrames() {
        try (AudioSpool spool = new AudioSpool("v", dir.resolve("a"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> spool.add(new AudioChunk("v", 0, 0, 48_000, 2, new byte[6])));
        }
    }
}
