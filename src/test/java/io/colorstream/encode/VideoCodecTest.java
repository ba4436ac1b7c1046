package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Masters, not just previews: each codec is written in a container that holds it, as FFmpeg reads it back. */
class VideoCodecTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @ParameterizedTest
    @CsvSource({"h264, film.mp4, h264, 8", "h265, film.mp4, hevc, 8", "prores, film.mov, prores, 10",
        "ffv1, film.mkv, ffv1, 8"})
    void eachCodecComesOutAsItself(String codec, String name, String ffmpegName, int bits) throws Exception {
        Path out = dir.resolve(codec + "-" + name);
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0),
                FilmEncoder.Settings.defaults().withCodec(VideoCodec.named(codec)).withPreset("ultrafast"))) {
            for (int n = 0; n < 6; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(96, 64, n), n * 40_000L);
            }
            enc.finish();
        }
        FilmProbe p = FilmProbe.of(out);
        assertEquals(ffmpegName, p.videoCodec());
        assertEquals(6, p.frames());
        assertEquals(96, p.width());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            var desc = avutil.av_pix_fmt_desc_get(g.getFormatContext().streams(g.getVideoStream()).codecpar().format());
            assertEquals(bits, desc.comp(0).depth(), "bits per sample of " + codec);
        }
    }

    @ParameterizedTest
    @CsvSource({"h264, deep.mp4", "h265, deep.mp4", "prores, deep.mov"})
    void aTenBitSourceGetsATenBitFilm(String codec, String name) throws Exception {
        Path out = dir.resolve(codec + "-" + name);
        var shape = new io.colorstream.wire.PictureShape(1, 1, "progressive", 10);
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0).withPicture(shape),
                FilmEncoder.Settings.defaults().withCodec(VideoCodec.named(codec)).withPreset("ultrafast"))) {
            for (int n = 0; n < 4; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(96, 64, n), n * 40_000L);
            }
            enc.finish();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            var desc = avutil.av_pix_fmt_desc_get(g.getFormatContext().streams(g.getVideoStream()).codecpar().format());
            assertEquals(10, desc.comp(0).depth(), codec);
        }
        try (io.colorstream.ingest.FilmDecoder d = io.colorstream.ingest.FilmDecoder.open(out.toString())) {
            assertEquals(10, d.facts().picture().bitDepth(), "ingest sees a 10-bit source as such");
        }
    }

    @Test
    void aLosslessMasterKeepsThePicture() throws Exception {
        Path out = dir.resolve("lossless.mkv");
        byte[] frame = SyntheticFilm.bgrFrame(96, 64, 3);
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0),
                FilmEncoder.Settings.defaults().withCodec(VideoCodec.FFV1))) {
            enc.recordFrame(frame, 0);
            enc.finish();
        }
        byte[] back = FilmProbe.of(out).firstFrameBgr();
        int worst = 0;
        for (int i = 0; i < frame.length; i++) {
            worst = Math.max(worst, Math.abs((frame[i] & 0xFF) - (back[i] & 0xFF)));
        }
        assertTrue(worst <= 3, "only the 8-bit RGB to YUV 4:4:4 rounding is lost: " + worst);
    }

    @Test
    void aCodecIsRefusedInAContainerThatCannotHoldIt() {
        Path out = dir.resolve("master.mp4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FilmEncoder(out,
                new FilmFormat(96, 64, 25, 1, 0, 0), FilmEncoder.Settings.defaults().withCodec(VideoCodec.PRORES)));
        assertTrue(e.getMessage().contains(".mov, .mkv"), e.getMessage());
        assertFalse(Files.exists(out));
        assertThrows(IllegalArgumentException.class, () -> VideoCodec.named("mpeg2"));
    }
}
