package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorstream.testing.ClipGenerator;
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

/** Masters with several sound tracks, made with FFmpeg, and what a film's sound tracks hold, read with FFmpeg. */
public final class SoundMasters {
    private SoundMasters() {
    }

    /** A 1 s master: picture, then an AAC track (eng) and an AC-3 track (fra), written by FFmpeg. */
    public static Path twoTracks(Path dir, int frames) throws Exception {
        Path picture = ClipGenerator.gray(96, 64, 25, frames).writeTo(dir.resolve("picture.mp4"));
        Path english = tone(dir.resolve("english.mp4"), avcodec.AV_CODEC_ID_AAC, 440);
        Path music = tone(dir.resolve("music.mkv"), avcodec.AV_CODEC_ID_AC3, 660);
        Path master = dir.resolve("master.mkv");
        FilmMuxer.mux(List.of(new VideoPieces.Piece(picture, 0, frames, 0, frames - 1)), 25, 1, List.of(
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

    public record Track(String codec, String language, String title, List<String> packets) {
    }

    /** Each audio stream's codec, tags and packet payloads (as hashes), read with FFmpeg. */
    public static List<Track> audioTracks(Path file) throws Exception {
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
