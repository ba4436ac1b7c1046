package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorstream.wire.AudioChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmTrackTest {
    @TempDir
    Path dir;

    @Test
    void appendsFillsLateStartsWithSilenceAndIsCutWhereAContinuedFilmResumes() throws IOException {
        Path file = dir.resolve("sound.s16le");
        try (PcmTrack t = PcmTrack.open(file, 1000, 1, 0)) {
            t.append(chunk(0, 1000, 1, 1, 2, 3, 4));         // samples 0..3
            t.append(chunk(10_000, 1000, 1, 5, 6));          // starts at sample 10: 6 samples of silence first
            assertEquals(12, t.samples());
            assertEquals(12_000, t.endMicros());
            t.append(chunk(12_001, 1000, 1, 7));             // 1 µs late is jitter, not a gap
            assertEquals(13, t.samples());
        }
        assertArrayEquals(new short[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 5, 6, 7}, read(file));
        try (PcmTrack t = PcmTrack.open(file, 1000, 1, 5)) {   // a continued film keeps what its picture kept
            assertEquals(5, t.samples());
            t.append(chunk(5_000, 1000, 1, 9));
        }
        assertArrayEquals(new short[] {1, 2, 3, 4, 0, 9}, read(file));
    }

    @Test
    void convertsAChunkOfAnotherFormatToTheTracks() throws IOException {
        Path file = dir.resolve("stereo.s16le");
        try (PcmTrack t = PcmTrack.open(file, 1000, 2, 0)) {
            t.append(chunk(0, 1000, 1, 100, 200));              // mono → both channels
            t.append(chunk(2_000, 2000, 2, 10, 20, 30, 40, 50, 60, 70, 80)); // 4 stereo samples at 2 kHz → 2
            assertEquals(4, t.samples());
        }
        assertArrayEquals(new short[] {100, 100, 200, 200, 10, 20, 50, 60}, read(file));
    }

    private static AudioChunk chunk(long pts, int rate, int channels, int... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : samples) {
            b.putShort((short) s);
        }
        return new AudioChunk("v", 0, pts, rate, channels, b.array());
    }

    private static short[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        short[] out = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }
}
