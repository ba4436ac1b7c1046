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
        Path master = twoTrackMaster();
        Path out = dir.resolve("colour.mp4");
        try (FilmEncoder enc = new FilmEncoder(out, new FilmFormat(96, 64, 25, 1, 0, 0),
                FilmEncoder.Settings.defaults().withPreset("ultrafast").withSoundFrom(master))) {
            for (int n = 0; n < FRAMES; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(96, 64, n), n * 40_000L);
            }
            enc.finish();
        }
        List<Track> in = audioTracks(master);
        List<Track> got = audioTracks(out);
        assertEquals(2, got.size(), "both sound tracks");
        for (int i = 0; i < 2; i++) {
            assertEquals(in.get(i).codec(), got.get(i).codec());
            assertEquals(in.get(i).language(), got.get(i).language(), "language of track " + i);
            assertEquals(in.get(i).title(), got.get(i).title(), "title of track " + i);
            assertEquals(in.get(i).packets(), got.get(i).packets(), "track " + i + " is the source's, bit for bit");
        }
        assertEquals(List.of("eng", "fra"), got.stream().map(Track::language).toList(), "in the source's order");
        assertTrue(got.get(0).packets().size() > 10);
    }

    /** A 1 s master: picture, then an AAC track (eng) and an AC-3 track (fra), written by FFmpeg. */
    private static Path twoTrackMaster() throws Exception {
        Path picture = ClipGenerator.gray(96, 64, 25, FRAMES).writeTo(dir.resolve("picture.mp4"));
        Path english = tone(dir.resolve("english.mp4"), avcodec.AV_CODEC_ID_AAC, 440);
        Path music = tone(dir.resolve("music.mkv"), avcodec.AV_CODEC_ID_AC3, 660);
        Path master = dir.resolve("master.mkv");
        FilmMuxer.mux(List.of(new VideoPieces.Piece(picture, 0, FRAMES, 0, FRAMES - 1)), 25, 1, List.of(
                new FilmMuxer.SoundTrack(english, -1, 0, Map.of("language", "eng", "title", "Dialogue"), -1),
                new FilmMuxer.SoundTrack(music, -1, 0, Map.of("language", "fra", "title", "Music and effects"), -1)),
                Long.MAX_VALUE, Map.of(), "matroska", master);
        return master;
    }

    private static Path tone(Path file, int codec, double hz) throws Exception {
        int rate = 48_000;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setAudioCodec(codec);
            r.setSampleRate(rate);
            r.setAudioChannels(1);
            r.setAudioBitrate(128_000);
            r.start();
            short[] s = new short[rate];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
            }
            r.recordSamples(rate, 1, ShortBuffer.wrap(s));
            r.stop();
        }
        return file;
    }

    record Track(String codec, String language, String title, List<String> packets) {
    }

    /** Each audio stream's codec, tags and packet payloads (as hashes), read with FFmpeg. */
    private static List<Track> audioTracks(Path file) throws Exception {
        AVFormatContext c = new AVFormatContext(null);
        assertEquals(0, avformat.avformat_open_input(c, file.toString(), null, null));
        try {
            avformat.avformat_find_stream_info(c, (AVDictionary) null);
            List<Integer> audio = new ArrayList<>();
            List<List<String>> packets = new ArrayList<>();
            for (int i = 0; i < c.nb_streams(); i++) {
                if (c.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO) {
                    audio.add(i);
                    packets.add(new ArrayList<>());
                }
            }
            AVPacket p = avcodec.av_packet_alloc();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            while (avformat.av_read_frame(c, p) >= 0) {
                int k = audio.indexOf(p.stream_index());
                if (k >= 0) {
                    byte[] data = new byte[p.size()];
                    p.data().get(data);
                    packets.get(k).add(HexFormat.of().formatHex(sha.digest(data)));
                }
                avcodec.av_packet_unref(p);
            }
            avcodec.av_packet_free(p);
            List<Track> out = new ArrayList<>();
            for (int k = 0; k < audio.size(); k++) {
                var s = c.streams(audio.get(k));
                out.add(new Track(avcodec.avcodec_get_name(s.codecpar().codec_id()).getString(),
                        tag(s.metadata(), "language"), title(s.metadata()), packets.get(k)));
            }
            return out;
        } finally {
            avformat.avformat_close_input(c);
        }
    }

    /** A track's name: its title (Matroska), else its handler name (how MP4 names a track). */
    private static String title(AVDictionary d) {
        String t = tag(d, "title");
        return t != null ? t : tag(d, "handler_name");
    }

    private static String tag(AVDictionary d, String key) {
        var e = avutil.av_dict_get(d, key, null, 0);
        return e == null ? null : e.value().getString();
    }
}
