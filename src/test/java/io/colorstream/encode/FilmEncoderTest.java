package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.stream.wire.AudioChunk;
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
    void padsOddSizesToEven() throws Exception {
        Path out = dir.resolve("odd.mp4");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(161, 121, 25, 1, 0, 0), fast())) {
            for (int n = 0; n < 5; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(161, 121, n), n * 40_000L);
            }
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(162, p.width());
        assertEquals(122, p.height());
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
        assertThrows(IllegalArgumentException.class, () -> FilmEncoder.requireH264Encoder("mpeg4"));
        FilmEncoder.requireH264Encoder("libx264");
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
}
