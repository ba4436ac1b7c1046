package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorstream.ingest.FilmDecoder;
import io.colorstream.wire.PictureShape;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The master keeps its shape: sources made by FFmpeg (anamorphic PAL and NTSC, interlaced top-field-first, an odd
 * size) are read by ingest's decoder and written by the encoder; the colour film has the source's size, pixel
 * aspect and field order, as FFmpeg reads them back.
 */
class PictureShapeKeptTest {
    @TempDir
    static Path dir;

    record Source(String name, int width, int height, int sarNum, int sarDen, String fieldOrder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Source> sources() {
        return List.of(
                new Source("DV PAL 16:15, interlaced tt", 180, 144, 16, 15, "tt"),
                new Source("NTSC 32:27, progressive", 180, 120, 32, 27, "progressive"),
                new Source("NTSC 32:27, interlaced bb", 180, 120, 32, 27, "bb"),
                new Source("odd 161x121, square", 161, 121, 1, 1, "progressive"));
    }

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void theColourFilmHasTheSourcesSizeAspectAndFields(Source src) throws Exception {
        Path in = write(src, dir.resolve(src.name().replaceAll("\\W+", "-") + ".mkv"));
        PictureShape shape;
        try (FilmDecoder d = FilmDecoder.open(in.toString())) {
            shape = d.facts().picture();
            assertEquals(new PictureShape(src.sarNum(), src.sarDen(), src.fieldOrder()), shape, "read from " + in);
        }
        Path out = dir.resolve("colour-" + in.getFileName() + ".mp4");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(src.width(), src.height(), 25, 1, 0, 0)
                .withPicture(shape), FilmEncoder.Settings.defaults().withPreset("ultrafast"))) {
            for (int n = 0; n < 6; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(src.width(), src.height(), n), n * 40_000L);
            }
            enc.finish();
        }
        assertEquals(List.of(src.width(), src.height(), src.sarNum(), src.sarDen()), sizeAndAspect(out), "size, SAR");
        assertEquals(src.fieldOrder(), fieldOrder(out));
    }

    /** A 6-frame H.264 source with the given shape, written by FFmpeg directly (not by colorstream's encoder). */
    private static Path write(Source src, Path file) throws Exception {
        int w = src.width();
        int h = src.height();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("matroska");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV444P); // any size, as a master may be
            r.setFrameRate(25);
            r.setVideoOption("preset", "ultrafast");
            r.setAspectRatio((double) src.sarNum() / src.sarDen());
            if (!src.fieldOrder().equals("progressive")) {
                r.setVideoOption("x264-params", "interlaced=1:" + (src.fieldOrder().equals("tt") ? "tff=1" : "bff=1"));
            }
            r.start();
            ByteBuffer buf = ByteBuffer.allocateDirect(w * h * 3);
            for (int n = 0; n < 6; n++) {
                buf.clear();
                buf.put(SyntheticFilm.bgrFrame(w, h, n)).flip();
                r.recordImage(w, h, Frame.DEPTH_UBYTE, 3, w * 3, avutil.AV_PIX_FMT_BGR24, buf);
            }
            r.stop();
        }
        return file;
    }

    private static List<Integer> sizeAndAspect(Path film) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(film.toFile())) {
            g.start();
            AVStream v = g.getFormatContext().streams(g.getVideoStream());
            int num = v.sample_aspect_ratio().num() > 0 ? v.sample_aspect_ratio().num()
                    : v.codecpar().sample_aspect_ratio().num();
            int den = v.sample_aspect_ratio().num() > 0 ? v.sample_aspect_ratio().den()
                    : v.codecpar().sample_aspect_ratio().den();
            if (num == 0) {
                num = 1;
                den = 1;
            }
            int result = g.getImageWidth();
            return List.of(result, g.getImageHeight(), num, den);
        }
    }

    private static String fieldOrder(Path film) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(film.toFile())) {
            g.start();
            return PictureShape.fieldOrderName(g.getFormatContext().streams(g.getVideoStream()).codecpar().field_order());
        }
    }
}
