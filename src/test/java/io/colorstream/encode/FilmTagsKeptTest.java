package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorstream.ingest.FilmDecoder;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's title, date and timecode are read by ingest and written into the colour film. */
class FilmTagsKeptTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @Test
    void titleDateAndTimecodeGoFromTheSourceIntoTheFilm() throws Exception {
        Path source = dir.resolve("reel.mov");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(source.toFile(), 96, 64, 0)) {
            r.setFormat("mov");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setFrameRate(25);
            r.setVideoOption("preset", "ultrafast");
            r.setMetadata(Map.of("title", "Newsreel 1952, reel 3", "date", "1952-03-14"));
            r.setVideoMetadata(Map.of("timecode", "10:00:00:00"));
            r.start();
            ByteBuffer b = ByteBuffer.allocateDirect(96 * 64 * 3);
            for (int n = 0; n < 5; n++) {
                b.clear();
                b.put(SyntheticFilm.bgrFrame(96, 64, n)).flip();
                r.recordImage(96, 64, Frame.DEPTH_UBYTE, 3, 96 * 3, avutil.AV_PIX_FMT_BGR24, b);
            }
            r.stop();
        }
        Map<String, String> tags;
        try (FilmDecoder d = FilmDecoder.open(source.toString())) {
            tags = d.facts().tags();
        }
        assertEquals("Newsreel 1952, reel 3", tags.get("title"));
        assertEquals("10:00:00:00", tags.get("timecode"));

        Path out = dir.resolve("colour.mov");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0,
                io.colorstream.wire.PictureShape.SQUARE_PROGRESSIVE, tags),
                FilmEncoder.Settings.defaults().withPreset("ultrafast"))) {
            for (int n = 0; n < 5; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(96, 64, n), n * 40_000L);
            }
            enc.finish();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            AVFormatContext fc = g.getFormatContext();
            assertEquals("Newsreel 1952, reel 3", tag(fc.metadata(), "title"));
            String timecode = tag(fc.metadata(), "timecode");
            for (int i = 0; timecode == null && i < fc.nb_streams(); i++) {
                timecode = tag(fc.streams(i).metadata(), "timecode");
            }
            assertEquals("10:00:00:00", timecode, "the timecode track");
        }
    }

    private static String tag(org.bytedeco.ffmpeg.avutil.AVDictionary d, String key) {
        var e = avutil.av_dict_get(d, key, null, 0);
        return e == null ? null : e.value().getString();
    }
}
