package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.wire.AudioChunk;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmEncoderTest {
    private static final double AAC_FRAME_SECONDS = 1024.0 / 48_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    private static FilmEncoder.Settings fast() {
        return FilmEncoder.Settings.defaults().withPreset("veryfast");
    }

    @Test
    void encodesPictureAndSoundAtTheSourceRate() throws Exception {
        Path out = dir.resolve("film.mp4");
        FilmFormat format = new FilmFormat(320, 240, 24, 1, 48_000, 2);
        List<AudioChunk> audio = SyntheticFilm.tone("v", 48_000, 2, 2.0, 1920);
        try (FilmEncoder enc = new FilmEncoder(out, format, fast())) {
            int a = 0;
            for (int n = 0; n < 48; n++) {
                long pts = n * 1_000_000L / 24;
                enc.recordFrame(SyntheticFilm.bgrFrame(320, 240, n), pts);
                while (a < audio.size() && audio.get(a).ptsMicros() <= pts) {
                    enc.recordAudio(audio.get(a++));
                }
                assertFalse(Files.exists(out), "the output must not exist before finish()");
                assertTrue(Files.isDirectory(FilmEncoder.workDir(out)), "work in progress is beside the output");
            }
            while (a < audio.size()) {
                enc.recordAudio(audio.get(a++));
            }
            assertEquals(48, enc.framesWritten());
            assertEquals(2_000_000, enc.audioWrittenMicros());
            assertEquals(out.toAbsolutePath(), enc.finish());
            assertFalse(Files.exists(enc.temporaryFile()), "the temporary file is renamed, not left behind");
            assertFalse(Files.exists(FilmEncoder.workDir(out)), "the work is removed once the film is finished");
        }
        FilmProbe p = FilmProbe.of(out);
        System.out.println(p);
        assertEquals("h264", p.videoCodec());
        assertEquals(320, p.width());
        assertEquals(240, p.height());
        assertEquals(48, p.frames());
        assertEquals(24, p.frameRateNum() / (double) p.frameRateDen(), 1e-9);
        assertEquals(24.0, p.averageFrameRate(), 1e-6);
        assertEquals(2.0, p.videoDurationSeconds(), 1.0 / 24 + 1e-6);
        assertEquals(100, p.videoProfile(), "High profile");
        assertEquals(avutil.AVCOL_PRI_BT709, p.colorPrimaries(), "sRGB primaries are BT.709's");
        assertEquals(avutil.AVCOL_TRC_IEC61966_2_1, p.colorTransfer(), "the sRGB curve");
        assertEquals(avutil.AVCOL_SPC_SMPTE170M, p.colorMatrix(), "the BT.601 matrix swscale converted with");
        assertEquals("aac", p.audioCodec());
        assertEquals(48_000, p.audioSampleRate());
        assertEquals(2, p.audioChannels());
        assertEquals(2.0, p.audioDurationSeconds(), AAC_FRAME_SECONDS + 1e-6);
        for (int n = 0; n < 48; n++) {
            assertEquals(n * 1_000_000L / 24, p.framePts().get(n), 1, "frame " + n + " keeps its time");
        }
    }

    @Test
    void keepsAnNtscRateExact() throws Exception {
        Path out = dir.resolve("ntsc.mp4");
        FilmFormat format = new FilmFormat(160, 120, 30000, 1001, 0, 0);
        try (FilmEncoder enc = new FilmEncoder(out, format, fast())) {
            for (int n = 0; n < 30; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(160, 120, n), Math.round(n * 1001_000_000.0 / 30000));
            }
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(30000, p.frameRateNum());
        assertEquals(1001, p.frameRateDen());
        assertEquals(29.97, p.averageFrameRate(), 0.005);
        assertFalse(p.hasAudio());
        assertEquals(30, p.frames());
        assertEquals(29 * 1001_000_000.0 / 30000, p.framePts().get(29), 1.0);
    }

    @Test
    void keepsVariableTimingOnTheSourceGridAndNeverDropsAFrame() throws Exception {
        Path out = dir.resolve("vfr.mp4");
        long[] ticks = {0, 1, 3, 4, 7, 8, 9, 15, 16, 20};
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(64, 48, 24, 1, 0, 0), fast())) {
            for (int n = 0; n < ticks.length; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(64, 48, n), Math.round(ticks[n] * 1_000_000.0 / 24) + 3);
            }
            enc.recordFrame(SyntheticFilm.bgrFrame(64, 48, 99), Math.round(20 * 1_000_000.0 / 24)); // same tick
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(ticks.length + 1, p.frames());
        for (int n = 0; n < ticks.length; n++) {
            assertEquals(ticks[n] * 1_000_000.0 / 24, p.framePts().get(n), 1.0, "frame " + n);
        }
        assertEquals(21 * 1_000_000.0 / 24, p.framePts().get(ticks.length), 1.0, "moved to the next tick");
    }

    @Test
    void oddSizesComeOutExactly() throws Exception {
        Path out = dir.resolve("odd.mp4");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(161, 121, 25, 1, 0, 0), fast())) {
            for (int n = 0; n < 5; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(161, 121, n), n * 40_000L);
            }
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(161, p.width());
        assertEquals(121, p.height());
        assertEquals(5, p.frames());
    }

    @Test
    void aFailedEncodeLeavesNoTemporaryFileAndKeepsTheOldFilm() throws Exception {
        Path out = dir.resolve("keep.mp4");
        Files.writeString(out, "the previous film");
        FilmEncoder enc = new FilmEncoder(out, new FilmFormat(64, 48, 24, 1, 0, 0), fast());
        enc.recordFrame(SyntheticFilm.bgrFrame(64, 48, 0), 0);
        assertTrue(Files.isDirectory(FilmEncoder.workDir(out)));
        assertThrows(IllegalArgumentException.class, () -> enc.recordFrame(new byte[10], 41_666));
        enc.close(); // abandoned without finish(), as after any failure
        assertFalse(Files.exists(enc.temporaryFile()));
        assertEquals("the previous film", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void refusesAnEncoderThatIsNotThereInsteadOfFallingBack() {
        Path out = dir.resolve("never.mp4");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FilmEncoder(out,
                new FilmFormat(64, 48, 24, 1, 0, 0), fast().withVideoEncoder("no_such_h264")));
        assertTrue(e.getMessage().contains("no_such_h264"), e.getMessage());
        assertFalse(Files.exists(out));
        assertThrows(IllegalArgumentException.class, () -> FilmEncoder.requireEncoder("mpeg4"));
        assertEquals(VideoCodec.H264, FilmEncoder.requireEncoder("libx264"));
    }

    @Test
    void refusesAnOutputNameWithoutAContainer() {
        assertThrows(IllegalArgumentException.class,
                () -> new FilmEncoder(dir.resolve("film.nothing"), new FilmFormat(64, 48, 24, 1, 0, 0), fast()));
    }

    @Test
    void fillsSilenceWhereTheSoundStartsLate() throws IOException, Exception {
        Path out = dir.resolve("late.mp4");
        List<AudioChunk> tone = SyntheticFilm.tone("v", 48_000, 1, 0.5, 4800);
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(64, 48, 10, 1, 48_000, 1), fast())) {
            for (int n = 0; n < 10; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(64, 48, n), n * 100_000L);
            }
            for (AudioChunk c : tone) { // the tone starts half a second into the film
                enc.recordAudio(new AudioChunk("v", c.index(), c.ptsMicros() + 500_000, 48_000, 1, c.samples()));
            }
            assertEquals(1_000_000, enc.audioWrittenMicros());
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(1.0, p.audioDurationSeconds(), AAC_FRAME_SECONDS + 1e-6);
    }

    @Test
    void aResumableFilmContinuesAfterItsLastClosedPieceAsIfNeverStopped() throws Exception {
        FilmFormat format = new FilmFormat(160, 120, 24, 1, 48_000, 2);
        FilmEncoder.Settings settings = fast().withPieceSeconds(0.5); // 12 frames a piece
        List<AudioChunk> tone = SyntheticFilm.tone("v", 48_000, 2, 2.5, 1920); // 40 ms chunks
        Path straight = dir.resolve("straight.mp4");
        try (FilmEncoder enc = new FilmEncoder(straight, format, settings)) {
            encode(enc, tone, 0, 60);
            enc.finish();
        }

        Path resumed = dir.resolve("resumed.mp4");
        try (FilmEncoder enc = new FilmEncoder(resumed, format, settings, true)) {
            encode(enc, tone, 0, 30); // pieces 0-11 and 12-23 closed, 24-29 still open
        } // closed without finish: what a failure does; a crash leaves the open piece's file too
        Files.writeString(FilmEncoder.workDir(resumed).resolve("piece-24.mp4.tmp"), "half a piece");
        assertEquals(24, FilmEncoder.framesKept(resumed));
        assertFalse(Files.exists(resumed));

        try (FilmEncoder enc = new FilmEncoder(resumed, format, settings, true)) {
            assertEquals(24, enc.framesWritten(), "the closed pieces are kept");
            assertEquals(1_000_000, enc.audioWrittenMicros(), "the sound is cut where the kept picture ends");
            encode(enc, tone, 24, 60);
            enc.finish();
        }
        assertFalse(Files.exists(FilmEncoder.workDir(resumed)));
        FilmProbe p = FilmProbe.of(resumed);
        assertEquals(60, p.frames());
        for (int n = 0; n < 60; n++) {
            assertEquals(n * 1_000_000L / 24, p.framePts().get(n), 1, "frame " + n + " keeps its time");
        }
        assertEquals(2.5, p.audioDurationSeconds(), AAC_FRAME_SECONDS + 1e-6);
        assertTrue(java.util.Arrays.equals(decodedSound(straight), decodedSound(resumed)),
                "the sound of a resumed film is the straight film's, sample for sample");
        List<byte[]> a = decodedPictures(straight);
        List<byte[]> b = decodedPictures(resumed);
        assertEquals(a.size(), b.size());
        for (int n = 0; n < a.size(); n++) {
            assertTrue(meanAbsDifference(a.get(n), b.get(n)) < 0.5, "frame " + n + " is the straight film's");
        }
    }

    @Test
    void aResumableFilmFinishedAsPartialKeepsItsPiecesToBeContinued() throws Exception {
        Path out = dir.resolve("paused.mp4");
        FilmFormat format = new FilmFormat(64, 48, 24, 1, 0, 0);
        FilmEncoder.Settings settings = fast().withPieceSeconds(0.25); // 6 frames a piece
        try (FilmEncoder enc = new FilmEncoder(out, format, settings, true)) {
            encode(enc, List.of(), 0, 15); // stopped by its operator at frame 15 (first Ctrl-C)
            enc.finishAs(VideoFiles.partialFilm(out));
        }
        assertEquals(15, FilmProbe.of(VideoFiles.partialFilm(out)).frames());
        assertEquals(15, FilmEncoder.framesKept(out), "every frame of the partial film is kept, to continue");
        try (FilmEncoder enc = new FilmEncoder(out, format, settings, true)) {
            encode(enc, List.of(), 15, 40);
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(40, p.frames());
        for (int n = 0; n < 40; n++) {
            assertEquals(n * 1_000_000L / 24, p.framePts().get(n), 1, "frame " + n + " keeps its time");
        }
        assertFalse(Files.exists(FilmEncoder.workDir(out)));
    }

    @Test
    void aNewFilmDropsWhatAnUnfinishedOneLeft() throws Exception {
        Path out = dir.resolve("again.mp4");
        FilmFormat format = new FilmFormat(64, 48, 24, 1, 0, 0);
        FilmEncoder.Settings settings = fast().withPieceSeconds(0.25);
        try (FilmEncoder enc = new FilmEncoder(out, format, settings, true)) {
            encode(enc, List.of(), 0, 20);
        }
        assertEquals(18, FilmEncoder.framesKept(out));
        try (FilmEncoder enc = new FilmEncoder(out, format, settings)) {
            assertEquals(0, enc.framesWritten());
            assertEquals(0, FilmEncoder.framesKept(out));
            encode(enc, List.of(), 0, 5);
            enc.finish();
        }
        assertEquals(5, FilmProbe.of(out).frames());
    }

    /** Frames {@code from..to-1} at 24 fps, each followed by the sound up to its time (as FilmAssembly feeds it). */
    private static void encode(FilmEncoder enc, List<AudioChunk> sound, int from, int to) throws IOException {
        for (int n = from; n < to; n++) {
            long pts = n * 1_000_000L / 24;
            enc.recordFrame(SyntheticFilm.bgrFrame(enc.format().width(), enc.format().height(), n), pts);
            for (AudioChunk c : sound) {
                if (c.ptsMicros() >= enc.audioWrittenMicros() && c.ptsMicros() <= pts) {
                    enc.recordAudio(c);
                }
            }
        }
        if (to == 60) {
            for (AudioChunk c : sound) {
                if (c.ptsMicros() >= enc.audioWrittenMicros()) {
                    enc.recordAudio(c);
                }
            }
        }
    }

    private static short[] decodedSound(Path film) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(film.toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabSamples()) != null) {
                java.nio.ShortBuffer s = (java.nio.ShortBuffer) f.samples[0];
                while (s.hasRemaining()) {
                    short v = s.get();
                    bytes.write(v & 0xff);
                    bytes.write(v >> 8 & 0xff);
                }
            }
        }
        byte[] b = bytes.toByteArray();
        short[] out = new short[b.length / 2];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    private static List<byte[]> decodedPictures(Path film) throws Exception {
        List<byte[]> frames = new java.util.ArrayList<>();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(film.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            g.start();
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabImage()) != null) {
                java.nio.ByteBuffer buf = (java.nio.ByteBuffer) f.image[0];
                byte[] copy = new byte[f.imageWidth * f.imageHeight];
                for (int y = 0; y < f.imageHeight; y++) {
                    buf.position(y * f.imageStride);
                    buf.get(copy, y * f.imageWidth, f.imageWidth);
                }
                frames.add(copy);
            }
        }
        return frames;
    }

    private static double meanAbsDifference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }
}
