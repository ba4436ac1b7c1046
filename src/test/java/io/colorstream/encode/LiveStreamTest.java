package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.colorstream.testing.FrameColours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live stream from a real encoder: segments appear as pieces close (before the film is finished), the
 * playlist lists a sliding window and ends with ENDLIST, segments decode (FFmpeg) to the frames that went in, in
 * order and in colour, on the film's clock; without a window every segment stays listed.
 */
class LiveStreamTest {
    private static final int W = 64;
    private static final int H = 48;

    /** Frame i: a colour (red, green, blue by turns) whose brightness encodes i, so order can be read back. */
    private static byte[] frame(int i) {
        byte[] bgr = new byte[W * H * 3];
        int level = 40 + 4 * i;
        int channel = 2 - i % 3; // BGR order: red first
        for (int p = 0; p < W * H; p++) {
            bgr[p * 3 + channel] = (byte) level;
        }
        return bgr;
    }

    @Test
    void segmentsAppearAsPiecesCloseInAWindowAndDecodeToTheFramesInOrder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("film one.mp4");
        Path live = dir.resolve("live");
        FilmEncoder.Settings s = FilmEncoder.Settings.defaults().withPreset("veryfast").withPieceSeconds(1)
                .withLive(new LiveStream.Target(live, 2));
        Path playlist = live.resolve("film one.m3u8");
        List<String> seenWhileRunning = new ArrayList<>();
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(W, H, 10, 1, 0, 0), s)) {
            for (int i = 0; i < 45; i++) {
                enc.recordFrame(frame(i), i * 100_000L);
                if (i == 11) { // the first piece (frames 0–9) closed when frame 10 came
                    seenWhileRunning.add(Files.readString(playlist));
                }
            }
            assertFalse(Files.exists(out), "the film is not there yet");
            seenWhileRunning.add(Files.readString(playlist));
            enc.finish();
        }
        assertTrue(seenWhileRunning.get(0).contains("film%20one-000000.ts"), seenWhileRunning.get(0));
        assertFalse(seenWhileRunning.get(0).contains("#EXT-X-ENDLIST"));
        assertTrue(seenWhileRunning.get(1).contains("film%20one-000003.ts"), "four pieces closed by frame 44");

        String text = Files.readString(playlist);
        assertTrue(text.startsWith("#EXTM3U\n"), text);
        assertTrue(text.contains("#EXT-X-TARGETDURATION:1\n"), text);
        assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:3\n"), "five segments, two listed: " + text);
        assertTrue(text.contains("#EXTINF:1.000000,\nfilm%20one-000003.ts\n#EXTINF:0.500000,\nfilm%20one-000004.ts\n"
                + "#EXT-X-ENDLIST\n"), text);
        assertFalse(Files.exists(live.resolve("film one-000000.ts")), "left the window two segments ago: deleted");
        assertTrue(Files.exists(live.resolve("film one-000002.ts")), "left the window just now: kept a while");
        assertTrue(Files.exists(out), "the film is written whole as well");

        // The listed segments hold frames 30–44, in order, in colour, on the film's clock.
        FrameColours decoded = FrameColours.ofAll(List.of(live.resolve("film one-000003.ts"),
                live.resolve("film one-000004.ts")));
        List<Long> times = decoded.timesMicros();
        assertEquals(15, decoded.frames());
        for (int k = 0; k < decoded.frames(); k++) {
            int i = 30 + k;
            double[] bgr = decoded.meanBgr().get(k);
            int channel = 2 - i % 3; // BGR order
            assertEquals(40 + 4 * i, bgr[channel], 6, "frame " + i + " brightness");
            for (int c = 0; c < 3; c++) {
                if (c != channel) {
                    assertTrue(bgr[c] < bgr[channel] - 40, "frame " + i + " is coloured: " + java.util.Arrays.toString(bgr));
                }
            }
        }
        for (int k = 1; k < times.size(); k++) {
            assertEquals(100_000, times.get(k) - times.get(k - 1), 2_000, "one frame apart, across segments too");
        }
    }

    @Test
    void withoutAWindowEverySegmentStaysListed(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        FilmEncoder.Settings s = FilmEncoder.Settings.defaults().withPreset("veryfast").withPieceSeconds(1)
                .withLive(new LiveStream.Target(live, 0));
        try (FilmEncoder enc = new FilmEncoder(dir.resolve("f.mp4"), new FilmFormat(W, H, 10, 1, 0, 0), s)) {
            for (int i = 0; i < 35; i++) {
                enc.recordFrame(frame(i), i * 100_000L);
            }
            enc.finish();
        }
        String text = Files.readString(live.resolve("f.m3u8"));
        assertTrue(text.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n") && text.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), text);
        for (int n = 0; n < 4; n++) {
            assertTrue(text.contains(String.format("f-%06d.ts", n)), text);
            assertTrue(Files.exists(live.resolve(String.format("f-%06d.ts", n))));
        }
        List<Path> segments = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            segments.add(live.resolve(String.format("f-%06d.ts", n)));
        }
        FrameColours decoded = FrameColours.ofAll(segments);
        List<Long> times = decoded.timesMicros();
        assertEquals(35, decoded.frames(), "every frame of the film is in the listed segments");
        for (int k = 1; k < times.size(); k++) { // the first segment too (B-frames start it before zero)
            assertEquals(100_000, times.get(k) - times.get(k - 1), 2_000, "frame " + k + ": " + times);
        }
    }

    @Test
    void aFilmThatFailsEndsItsLiveStream(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        FilmEncoder.Settings s = FilmEncoder.Settings.defaults().withPreset("veryfast").withPieceSeconds(1)
                .withLive(new LiveStream.Target(live, 3));
        try (FilmEncoder enc = new FilmEncoder(dir.resolve("f.mp4"), new FilmFormat(W, H, 10, 1, 0, 0), s)) {
            for (int i = 0; i < 15; i++) {
                enc.recordFrame(frame(i), i * 100_000L);
            }
        } // closed without finish: abandoned
        String text = Files.readString(live.resolve("f.m3u8"));
        assertTrue(text.contains("f-000000.ts") && text.endsWith("#EXT-X-ENDLIST\n"), text);
    }
}
