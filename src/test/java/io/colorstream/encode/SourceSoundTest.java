package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All the sound, untouched: a master with two sound tracks (an English dialogue track in AAC, a music-and-effects
 * track in AC-3) comes out with both, in order, with their language and title, each packet bit for bit the source's.
 */
class SourceSoundTest {
    private static final int FRAMES = 25;

    @TempDir
    static Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @Test
    void everySoundTrackIsCopiedPacketForPacketWithItsTags() throws Exception {
        Path master = SoundMasters.twoTracks(dir, FRAMES);
        Path out = dir.resolve("colour.mp4");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0),
                FilmEncoder.Settings.defaults().withPreset("ultrafast").withSoundFrom(master))) {
            for (int n = 0; n < FRAMES; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(96, 64, n), n * 40_000L);
            }
            enc.finish();
        }
        List<SoundMasters.Track> in = SoundMasters.audioTracks(master);
        List<SoundMasters.Track> got = SoundMasters.audioTracks(out);
        assertEquals(2, got.size(), "both sound tracks");
        for (int i = 0; i < 2; i++) {
            assertEquals(in.get(i).codec(), got.get(i).codec());
            assertEquals(in.get(i).language(), got.get(i).language(), "language of track " + i);
            assertEquals(in.get(i).title(), got.get(i).title(), "title of track " + i);
            assertEquals(in.get(i).packets(), got.get(i).packets(), "track " + i + " is the source's, bit for bit");
        }
        assertEquals(List.of("eng", "fra"), got.stream().map(SoundMasters.Track::language).toList(), "in the source's order");
        assertTrue(got.get(0).packets().size() > 10);
    }

}
