package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sound stream of the source file, for a film whose source is at hand ({@code run}): each is copied packet
 * for packet (not re-encoded), in the source's order, with its language and title, and placed on the picture's
 * clock (the source's video start is time 0, as ingest counts frames). A stream whose codec the output container
 * cannot hold (PCM in MP4, for one) is decoded and encoded as AAC instead, and the log says so.
 */
final class SourceSound {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSound.class);

    private SourceSound() {
    }

    /**
     * The sound tracks to mux into a {@code container} film from {@code source}; re-encoded ones are written into
     * {@code workDir}. Empty for a source without sound.
     */
    static List<FilmMuxer.SoundTrack> of(Path source, String container, Path workDir, int bitratePerChannel)
            throws IOException {
        AVOutputFormat format = av_guess_format(container, null, null);
        AVFormatContext c = new AVFormatContext(null);
        if (avformat_open_input(c, source.toString(), null, null) < 0) {
            throw new IOException("cannot open the source " + source + " to copy its sound");
        }
        List<FilmMuxer.SoundTrack> tracks = new ArrayList<>();
        try {
            if (avformat_find_stream_info(c, (AVDictionary) null) < 0) {
                throw new IOException("cannot read the streams of " + source);
            }
            long videoStart = 0;
            for (int i = 0; i < c.nb_streams(); i++) {
                AVStream s = c.streams(i);
                if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && s.start_time() != AV_NOPTS_VALUE) {
                    videoStart = av_rescale_q(s.start_time(), s.time_base(), av_make_q(1, 1_000_000));
                    break;
                }
            }
            int n = 0;
            for (int i = 0; i < c.nb_streams(); i++) {
                AVStream s = c.streams(i);
                if (s.codecpar().codec_type() != AVMEDIA_TYPE_AUDIO) {
                    continue;
                }
                n++;
                Map<String, String> tags = tags(s.metadata());
                int codec = s.codecpar().codec_id();
                if (format != null && avformat_query_codec(format, codec, avcodec.FF_COMPLIANCE_NORMAL) == 1) {
                    tracks.add(new FilmMuxer.SoundTrack(source, i, -videoStart, Map.of(), -1));
                    continue;
                }
                String name = avcodec.avcodec_get_name(codec).getString();
                long start = s.start_time() == AV_NOPTS_VALUE ? videoStart
                        : av_rescale_q(s.start_time(), s.time_base(), av_make_q(1, 1_000_000));
                Path aac = workDir.resolve("source-sound-" + i + ".mp4");
                reencode(source, i, aac, bitratePerChannel);
                LOG.warn("sound stream {} ({}) cannot go into {} as it is: re-encoded as AAC", n, name, container);
                tracks.add(new FilmMuxer.SoundTrack(aac, -1, start - videoStart, tags, s.disposition()));
            }
        } finally {
            avformat_close_input(c);
        }
        return tracks;
    }

    private static Map<String, String> tags(AVDictionary metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        AVDictionaryEntry e = null;
        while ((e = avutil.av_dict_get(metadata, "", e, avutil.AV_DICT_IGNORE_SUFFIX)) != null) {
            out.put(e.key().getString(), e.value().getString());
        }
        return out;
    }

    /** Decodes audio stream {@code index} of {@code source} to 16-bit PCM and encodes it as AAC into {@code target}. */
    private static void reencode(Path source, int index, Path target, int bitratePerChannel) throws IOException {
        Path pcm = target.resolveSibling(target.getFileName() + ".pcm");
        int rate;
        int channels;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile());
             OutputStream out = Files.newOutputStream(pcm)) {
            g.setAudioStream(index);
            g.setSampleFormat(AV_SAMPLE_FMT_S16);
            g.start();
            rate = g.getSampleRate();
            channels = g.getAudioChannels();
            Frame f;
            byte[] bytes = new byte[0];
            while ((f = g.grabSamples()) != null) {
                ShortBuffer samples = (ShortBuffer) f.samples[0];
                int count = samples.remaining();
                if (bytes.length < count * 2) {
                    bytes = new byte[count * 2];
                }
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples.duplicate());
                out.write(bytes, 0, count * 2);
            }
            g.stop();
        }
        try {
            SoundEncoder.encode(pcm, rate, channels, bitratePerChannel * channels, target);
        } finally {
            Files.deleteIfExists(pcm);
        }
    }
}
