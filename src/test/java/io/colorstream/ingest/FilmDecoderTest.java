package io.colorstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.testing.ClipGenerator;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmDecoderTest {
    @TempDir
    Path tmp;

    /** What a decode yielded, copied out of the sink's callbacks. */
    private static final class Collected implements FrameSink {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> pts = new ArrayList<>();
        final List<Long> audioPts = new ArrayList<>();
        long audioBytes;
        int sampleRate;
        int channels;

        @Override
        public void onVideo(long seq, long ptsMicros, byte[] luma) {
            assertEquals(frames.size(), seq, "frames come in sequence");
            frames.add(luma.clone());
            pts.add(ptsMicros);
        }

        @Override
        public void onAudio(long ptsMicros, int rate, int ch, byte[] pcm) {
            audioPts.add(ptsMicros);
            audioBytes += pcm.length;
            sampleRate = rate;
            channels = ch;
            assertEquals(0, pcm.length % (ch * 2), "whole 16-bit sample frames");
        }

        double audioSeconds() {
            return (double) audioBytes / (channels * 2) / sampleRate;
        }
    }

    private static Collected decode(Path file) {
        Collected c = new Collected();
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            assertEquals(c.frames.size(), 0);
            long n = d.decode(c);
            assertEquals(n, c.frames.size());
        }
        return c;
    }

    @Test
    void mp4WithSoundYieldsEveryFrameOnTimeAndTwoSecondsOfAudio() throws IOException {
        ClipGenerator.Clip clip = ClipGenerator.gray(320, 180, 25, 25, 25).withAudio(44100, 2);
        Path file = clip.writeTo(tmp.resolve("film.mp4"));

        FilmFacts facts;
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            facts = d.facts();
        }
        assertEquals(320, facts.width());
        assertEquals(180, facts.height());
        assertEquals(25, facts.frameRateNum());
        assertEquals(1, facts.frameRateDen());
        assertEquals(50, facts.frameCountHint());
        assertEquals(2.0, facts.durationMicros() / 1e6, 0.05);
        assertEquals("h264", facts.videoCodec());
        assertEquals("aac", facts.audioCodec());
        assertEquals(44100, facts.audioSampleRate());
        assertEquals(2, facts.audioChannels());
        assertEquals(file.toString(), facts.source());

        Collected c = decode(file);
        assertEquals(50, c.frames.size());
        assertPtsFollowTheFrameRate(c.pts, 25);
        assertAudioLastsTheFilm(c, 44100, 2, 2.0);
        assertFlatPatchHasTheKnownLuminance(clip, c.frames);
    }

    @Test
    void decodingFromAFrameOnYieldsTheRestOfTheFilmAndItsSoundFromThatFrame() throws IOException {
        ClipGenerator.Clip clip = ClipGenerator.gray(160, 96, 25, 25, 25).withAudio(44100, 2);
        Path file = clip.writeTo(tmp.resolve("whole.mp4"));
        Collected whole = decode(file);
        Collected rest = new Collected();
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            assertEquals(19, d.decode(rest, 31));
        }
        assertEquals(19, rest.frames.size());
        for (int i = 0; i < 19; i++) {
            assertArrayEquals(whole.frames.get(31 + i), rest.frames.get(i), "frame " + (31 + i));
            assertEquals(whole.pts.get(31 + i), rest.pts.get(i), "the film's own time");
        }
        long start = whole.pts.get(31);
        assertTrue(Math.abs(rest.audioPts.get(0) - start) <= 23, "sound starts with the frame at " + start + ", not " + rest.audioPts.get(0));
        assertEquals(whole.audioSeconds() - start / 1e6, rest.audioSeconds(), 0.0001, "and runs to the end");

        Collected none = new Collected();
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            assertEquals(0, d.decode(none, 50), "nothing after the last frame");
        }
        assertEquals(0, none.frames.size());
    }

    @Test
    void mkvWithMonoSoundTrimsTheEncoderPrimingAndKeepsSync() throws IOException {
        ClipGenerator.Clip clip = ClipGenerator.gray(320, 180, 25, 30, 20).withAudio(48000, 1);
        Path file = clip.writeTo(tmp.resolve("film.mkv"));

        Collected c = decode(file);
        assertEquals(50, c.frames.size());
        assertPtsFollowTheFrameRate(c.pts, 25);
        // Matroska keeps AAC's priming samples before zero; they must not shift the sound against the picture.
        assertAudioLastsTheFilm(c, 48000, 1, 2.0);
        assertFlatPatchHasTheKnownLuminance(clip, c.frames);
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            assertEquals(50, d.facts().frameCountHint(), "from the Matroska DURATION tag");
        }
    }

    @Test
    void filmWithoutSoundReportsNoAudio() throws IOException {
        Path file = ClipGenerator.gray(160, 96, 24, 10).writeTo(tmp.resolve("silent.mp4"));
        try (FilmDecoder d = FilmDecoder.open(file.toString())) {
            assertFalse(d.facts().hasAudio());
            assertNull(d.facts().audioCodec());
            assertEquals(24, d.facts().frameRateNum());
            Collected c = new Collected();
            assertEquals(10, d.decode(c));
            assertTrue(c.audioPts.isEmpty());
        }
    }

    @Test
    void colourSourceGivesTheLuminanceOfItsColours() throws IOException {
        ClipGenerator.Clip clip = ClipGenerator.colour(320, 180, 25, 5);
        Collected c = decode(clip.writeTo(tmp.resolve("colour.mp4")));
        byte[] bgr = new byte[320 * 180 * 3];
        clip.pixelsBgr(0, 2, bgr);
        byte[] luma = c.frames.get(2);
        double error = 0;
        int grayPixels = 0;
        for (int p = 0; p < luma.length; p++) {
            int b = bgr[3 * p] & 0xFF;
            int g = bgr[3 * p + 1] & 0xFF;
            int r = bgr[3 * p + 2] & 0xFF;
            grayPixels += (b == g && g == r) ? 1 : 0;
            error += Math.abs((luma[p] & 0xFF) - (ColorSpace.lCodeOfSrgb(r, g, b) & 0xFF));
        }
        assertTrue(grayPixels < luma.length / 4, "the source is mostly colourful");
        // 4:2:0 chroma and limited-range YUV move saturated colours a little; on average L stays within 2 codes.
        assertTrue(error / luma.length < 2.0, "mean |ΔL code| " + error / luma.length);
    }

    @Test
    void missingFileIsNamedInTheError() {
        Path missing = tmp.resolve("no-such-film.mp4");
        FilmInputException e = assertThrows(FilmInputException.class, () -> FilmDecoder.open(missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void anEmptyFileIsCalledEmpty() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.mov")); // a copy that never arrived, a download cut at 0
        FilmInputException e = assertThrows(FilmInputException.class, () -> FilmDecoder.open(empty.toString()));
        assertEquals("cannot open film " + empty + ": the file is empty (0 bytes)", e.getMessage());
    }

    @Test
    void fileThatIsNotAFilmIsNamedInTheError() throws IOException {
        Path junk = Files.writeString(tmp.resolve("notes.mp4"), "these are not moving pictures");
        FilmInputException e = assertThrows(FilmInputException.class, () -> FilmDecoder.open(junk.toString()));
        assertTrue(e.getMessage().startsWith("cannot open film " + junk + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("setFormat"), "JavaCV's hints are not the user's business");
        assertTrue(e.getMessage().endsWith(")"), "FFmpeg's words end the message, no buffer garbage: "
                + e.getMessage());
        assertFalse(e.getMessage().contains("\0") || e.getMessage().contains("javacpp"), e.getMessage());
    }

    @Test
    void soundWithoutPictureIsRefused() throws Exception {
        Path tone = tmp.resolve("tone.m4a");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(tone.toFile(), 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(44100);
            recorder.start();
            recorder.recordSamples(44100, 1, ShortBuffer.wrap(new short[44100]));
            recorder.stop();
        }
        FilmInputException e = assertThrows(FilmInputException.class, () -> FilmDecoder.open(tone.toString()));
        assertTrue(e.getMessage().contains(tone.toString()) && e.getMessage().contains("no video stream"),
                e.getMessage());
    }

    @Test
    void unreachableStreamIsNamedWithoutItsPassword() {
        // Port 1 on loopback refuses at once: no network needed, no waiting for the timeout.
        String url = "rtsp://viewer:s3cret@127.0.0.1:1/live";
        FilmInputException e = assertThrows(FilmInputException.class,
                () -> FilmDecoder.open(url, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("rtsp://viewer:***@127.0.0.1:1/live"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void mkvDurationTagIsParsed() {
        assertEquals(2_000_000, FilmDecoder.taggedDurationMicros(java.util.Map.of("DURATION", "00:00:02.000000000")));
        assertEquals(3_723_500_000L, FilmDecoder.taggedDurationMicros(java.util.Map.of("DURATION", "01:02:03.5")));
        assertEquals(-1, FilmDecoder.taggedDurationMicros(java.util.Map.of("DURATION", "soon")));
        assertEquals(-1, FilmDecoder.taggedDurationMicros(java.util.Map.of()));
    }

    private static void assertPtsFollowTheFrameRate(List<Long> pts, int fps) {
        assertEquals(0L, pts.get(0), "the first frame starts the clock");
        for (int i = 1; i < pts.size(); i++) {
            assertTrue(pts.get(i) > pts.get(i - 1), "pts increase at frame " + i + ": " + pts);
            assertEquals(i * 1_000_000.0 / fps, pts.get(i), 1000.0, "pts of frame " + i);
        }
    }

    private static void assertAudioLastsTheFilm(Collected c, int rate, int channels, double seconds) {
        assertEquals(rate, c.sampleRate);
        assertEquals(channels, c.channels);
        double aacFrame = 1024.0 / rate;
        assertEquals(seconds, c.audioSeconds(), aacFrame, "audio duration in seconds");
        assertTrue(c.audioPts.get(0) >= 0 && c.audioPts.get(0) < 1000, "sound starts with the picture: "
                + c.audioPts.get(0));
        for (int i = 1; i < c.audioPts.size(); i++) {
            assertTrue(c.audioPts.get(i) > c.audioPts.get(i - 1), "audio pts increase");
        }
    }

    private static void assertFlatPatchHasTheKnownLuminance(ClipGenerator.Clip clip, List<byte[]> frames) {
        int[] shotOf = clip.shotOfFrames();
        int patch = ClipGenerator.flatPatchSize(clip.width(), clip.height());
        int x = patch / 4; // inside the first 16x16 macroblock, away from the textured neighbours
        int y = patch / 4;
        for (int f = 0; f < frames.size(); f++) {
            int expected = ColorSpace.lCodeOfGray(ClipGenerator.flatPatchLevel(shotOf[f])) & 0xFF;
            int actual = frames.get(f)[y * clip.width() + x] & 0xFF;
            assertEquals(expected, actual, 1, "L code of the flat gray patch in frame " + f);
        }
    }
}
