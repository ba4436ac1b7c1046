package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.FrameColours;
import io.colorstream.wire.AudioChunk;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
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

    /**
     * A film with sound: every segment carries its part of it, cut from one continuous AAC stream. Played through
     * the playlist (one decoder across segments, as a player does), the sound is there from the first frame to the
     * last, without gaps, and in sync: the tone sounds in the even frames' tenths of a second, silence in the odd
     * ones, across every seam.
     */
    @Test
    void segmentsCarryTheSoundContinuouslyAndInSync(@TempDir Path dir) throws Exception {
        int rate = 48_000;
        Path live = dir.resolve("live");
        FilmEncoder.Settings s = FilmEncoder.Settings.defaults().withPreset("veryfast").withPieceSeconds(1)
                .withLive(new LiveStream.Target(live, 0));
        int frames = 45;
        try (FilmEncoder enc = new FilmEncoder(dir.resolve("f.mp4"), new FilmFormat(W, H, 10, 1, rate, 1), s)) {
            for (int i = 0; i < frames; i++) { // as the encode role feeds it: sound up to the frame just written
                enc.recordFrame(frame(i), i * 100_000L);
                enc.recordAudio(new AudioChunk("v", i, i * 100_000L, rate, 1, toneOrSilence(i, rate / 10)));
            }
            enc.finish();
        }
        for (int n = 0; n < 5; n++) {
            assertTrue(FilmProbe.of(live.resolve(String.format("f-%06d.ts", n))).hasAudio(), "segment " + n);
        }

        long firstVideo = -1;
        List<long[]> audioFrames = new ArrayList<>(); // start µs, samples
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(live.resolve("f.m3u8").toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null && firstVideo < 0) {
                    firstVideo = f.timestamp;
                }
                if (f.samples != null) {
                    ShortBuffer b = (ShortBuffer) f.samples[0];
                    audioFrames.add(new long[] {f.timestamp, b.remaining()});
                    while (b.hasRemaining()) {
                        short v = b.get();
                        pcm.write(v & 0xff);
                        pcm.write((v >> 8) & 0xff);
                    }
                }
            }
        }
        for (int k = 1; k < audioFrames.size(); k++) {
            long expected = audioFrames.get(k - 1)[0] + audioFrames.get(k - 1)[1] * 1_000_000L / rate;
            assertEquals(expected, audioFrames.get(k)[0], 1_000, "sound frame " + k + " follows the one before");
        }
        long audioStart = audioFrames.get(0)[0];
        long[] last = audioFrames.get(audioFrames.size() - 1);
        long audioEnd = last[0] + last[1] * 1_000_000L / rate;
        assertTrue(audioStart <= firstVideo, "sound from the first frame: " + audioStart + " > " + firstVideo);
        assertTrue(audioEnd >= firstVideo + frames * 100_000L, "sound to the last frame's end: " + audioEnd);

        short[] samples = new short[pcm.size() / 2];
        java.nio.ByteBuffer.wrap(pcm.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .get(samples);
        for (int i = 0; i < frames; i++) { // the middle of each tenth, away from the AAC blocks' overlap
            int from = (int) ((firstVideo - audioStart + i * 100_000L + 30_000) * rate / 1_000_000);
            int to = from + rate * 40 / 1000;
            double sum = 0;
            for (int k = from; k < to; k++) {
                sum += (double) samples[k] * samples[k];
            }
            double rms = Math.sqrt(sum / (to - from));
            if (i % 2 == 0) {
                assertTrue(rms > 4_000, "frame " + i + " has its tone: rms " + rms);
            } else {
                assertTrue(rms < 1_000, "frame " + i + " is silent: rms " + rms);
            }
        }
    }

    /** Frame i's sound: a 440 Hz tone (amplitude 8000, rms 5657) in even frames, silence in odd ones. */
    private static byte[] toneOrSilence(int i, int samples) {
        byte[] b = new byte[samples * 2];
        for (int k = 0; k < samples && i % 2 == 0; k++) {
            short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * k / 48_000.0));
            b[2 * k] = (byte) v;
            b[2 * k + 1] = (byte) (v >> 8);
        }
        return b;
    }
}
