package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Joins the film's {@link VideoPieces pieces} and its sound streams (the {@link SoundEncoder AAC track} made from
 * what travelled through Kafka, or every audio stream of the source file itself) into one file by copying their
 * packets (nothing is re-encoded here): each piece's timestamps are moved by its first tick on the film's frame
 * grid, and video and sound are interleaved by time as they are written.
 */
final class FilmMuxer {
    private FilmMuxer() {
    }

    /**
     * One sound stream to copy into the film.
     *
     * @param file         the file holding it
     * @param streamIndex  its index among the file's streams, or -1 for the file's first audio stream
     * @param offsetMicros added to its timestamps (e.g. minus the source's video start, so picture and sound keep
     *                     the source's sync); packets that would start before 0 are left out
     * @param tags         stream metadata to write (language, title), beside what the stream carries itself
     * @param disposition  FFmpeg's disposition flags (default, dub, comment, …), or -1 to keep the stream's own
     */
    record SoundTrack(Path file, int streamIndex, long offsetMicros, Map<String, String> tags, int disposition) {
        static SoundTrack of(Path file) {
            return new SoundTrack(file, -1, 0, Map.of(), -1);
        }
    }

    /** As {@link #mux(List, int, int, List, long, Map, String, Path)} with one sound file (or none) and no end. */
    static void mux(List<VideoPieces.Piece> pieces, int rateNum, int rateDen, Path sound, String container,
                    Path target) throws IOException {
        mux(pieces, rateNum, rateDen, sound == null ? List.of() : List.of(SoundTrack.of(sound)), Long.MAX_VALUE,
                Map.of(), container, target);
    }

    /**
     * @param pieces    the picture, in film order, at least one
     * @param frameRate the film's frame grid, as {@code num/den} frames per second
     * @param sounds    the sound streams, in the order they take in the film (none for a silent film)
     * @param endMicros sound packets starting at or after this time are left out (the picture's end)
     * @param tags      the source's title, date and timecode (the timecode goes on the picture, where MOV makes
     *                  a timecode track of it and Matroska a tag)
     * @param container FFmpeg's muxer name ("mp4", "mov", "matroska")
     * @param target    the file to write (replaced)
     */
    static void mux(List<VideoPieces.Piece> pieces, int rateNum, int rateDen, List<SoundTrack> sounds,
                    long endMicros, Map<String, String> tags, String container, Path target) throws IOException {
        mux(pieces, rateNum, rateDen, sounds, endMicros, tags, container, target, 0);
    }

    /**
     * As above, with the picture's timestamps moved later by {@code shiftMicros} (pieces muxed one by one into
     * consecutive files, as a live stream's segments are, must all move alike to stay continuous).
     */
    static void mux(List<VideoPieces.Piece> pieces, int rateNum, int rateDen, List<SoundTrack> sounds,
                    long endMicros, Map<String, String> tags, String container, Path target, long shiftMicros)
            throws IOException {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("a film needs at least one piece of picture");
        }
        AVRational tick = av_make_q(rateDen, rateNum);
        AVRational micro = av_make_q(1, 1_000_000);
        Iterator<VideoPieces.Piece> next = pieces.iterator();
        VideoPieces.Piece firstPiece = next.next();
        Input video = Input.open(firstPiece.file(), AVMEDIA_TYPE_VIDEO, -1);
        List<Input> audio = new ArrayList<>();
        AVFormatContext out = null;
        try {
            long shift = av_rescale_q(shiftMicros, micro, video.timeBase());
            video.offset = av_rescale_q(firstPiece.firstTick(), tick, video.timeBase()) + shift;
            for (SoundTrack t : sounds) {
                Input in = Input.open(t.file(), AVMEDIA_TYPE_AUDIO, t.streamIndex());
                audio.add(in);
                in.offset = av_rescale_q(t.offsetMicros(), micro, in.timeBase());
                in.end = endMicros == Long.MAX_VALUE ? Long.MAX_VALUE : av_rescale_q(endMicros, micro, in.timeBase());
            }
            out = new AVFormatContext(null);
            check(avformat_alloc_output_context2(out, null, container, target.toString()), "start " + target);
            AVStream vs = copyStream(out, video.stream(),
                    tags.containsKey("timecode") ? Map.of("timecode", tags.get("timecode")) : Map.of(), -1);
            AVDictionary filmTags = new AVDictionary(null);
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!t.getKey().equals("timecode")) {
                    av_dict_set(filmTags, t.getKey(), t.getValue(), 0);
                }
            }
            out.metadata(filmTags);
            List<AVStream> as = new ArrayList<>();
            for (int i = 0; i < audio.size(); i++) {
                as.add(copyStream(out, audio.get(i).stream(), sounds.get(i).tags(), sounds.get(i).disposition()));
            }
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, target.toString(), AVIO_FLAG_WRITE), "open " + target);
            out.pb(pb);
            check(avformat_write_header(out, (AVDictionary) null), "write the header of " + target);

            boolean haveVideo = video.read();
            boolean[] haveAudio = new boolean[audio.size()];
            long[] lastAudioDts = new long[audio.size()];
            for (int i = 0; i < audio.size(); i++) {
                haveAudio[i] = audio.get(i).readAudio();
                lastAudioDts[i] = Long.MIN_VALUE;
            }
            long videoPackets = 0;
            long lastVideoDts = Long.MIN_VALUE;
            while (true) {
                if (!haveVideo && next.hasNext()) { // this piece is done: on to the next
                    VideoPieces.Piece p = next.next();
                    video.close();
                    video = Input.open(p.file(), AVMEDIA_TYPE_VIDEO, -1);
                    video.offset = av_rescale_q(p.firstTick(), tick, video.timeBase())
                            + av_rescale_q(shiftMicros, micro, video.timeBase());
                    haveVideo = video.read();
                    continue;
                }
                int earliestAudio = -1;
                for (int i = 0; i < audio.size(); i++) {
                    if (haveAudio[i] && (earliestAudio < 0 || av_compare_ts(audio.get(i).time(),
                            audio.get(i).timeBase(), audio.get(earliestAudio).time(),
                            audio.get(earliestAudio).timeBase()) < 0)) {
                        earliestAudio = i;
                    }
                }
                if (!haveVideo && earliestAudio < 0) {
                    break;
                }
                boolean takeVideo = haveVideo && (earliestAudio < 0 || av_compare_ts(video.time(), video.timeBase(),
                        audio.get(earliestAudio).time(), audio.get(earliestAudio).timeBase()) <= 0);
                if (takeVideo) {
                    lastVideoDts = write(out, video, vs, lastVideoDts);
                    videoPackets++;
                    haveVideo = video.read();
                } else {
                    Input a = audio.get(earliestAudio);
                    lastAudioDts[earliestAudio] = write(out, a, as.get(earliestAudio), lastAudioDts[earliestAudio]);
                    haveAudio[earliestAudio] = a.readAudio();
                }
            }
            check(av_write_trailer(out), "finish " + target);
            long frames = pieces.stream().mapToLong(VideoPieces.Piece::frames).sum();
            if (videoPackets != frames) {
                throw new IOException("the film's pieces hold " + frames + " frames, but " + videoPackets
                        + " were read back from them");
            }
        } finally {
            video.close();
            audio.forEach(Input::close);
            if (out != null) {
                if (out.pb() != null && !out.pb().isNull()) {
                    avio_closep(out.pb());
                }
                avformat_free_context(out);
            }
        }
    }

    /** Writes the input's current packet to {@code stream}; returns its dts there (kept strictly increasing). */
    private static long write(AVFormatContext out, Input in, AVStream stream, long lastDts) throws IOException {
        AVPacket p = in.packet;
        if (p.pts() != AV_NOPTS_VALUE) {
            p.pts(p.pts() + in.offset);
        }
        if (p.dts() != AV_NOPTS_VALUE) {
            p.dts(p.dts() + in.offset);
        }
        av_packet_rescale_ts(p, in.timeBase(), stream.time_base());
        if (p.dts() != AV_NOPTS_VALUE && p.dts() <= lastDts) {
            p.dts(lastDts + 1); // two pieces' rounding must not make the muxer refuse a packet
            if (p.pts() != AV_NOPTS_VALUE && p.pts() < p.dts()) {
                p.pts(p.dts());
            }
        }
        long dts = p.dts() == AV_NOPTS_VALUE ? lastDts : p.dts();
        p.stream_index(stream.index());
        p.pos(-1);
        check(av_interleaved_write_frame(out, p), "write a packet"); // takes the packet's data
        return dts;
    }

    private static AVStream copyStream(AVFormatContext out, AVStream in, Map<String, String> tags, int disposition)
            throws IOException {
        AVStream s = avformat_new_stream(out, null);
        if (s == null || s.isNull()) {
            throw new IOException("cannot add a stream to the film");
        }
        check(avcodec_parameters_copy(s.codecpar(), in.codecpar()), "copy stream parameters");
        s.codecpar().codec_tag(0); // the output container chooses its own tag
        if (in.codecpar().codec_id() == org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC
                && (out.oformat().name().getString().equals("mp4") || out.oformat().name().getString().equals("mov"))) {
            s.codecpar().codec_tag(('h') | ('v' << 8) | ('c' << 16) | ('1' << 24)); // hvc1: what Apple players need
        }
        s.sample_aspect_ratio(in.sample_aspect_ratio()); // an anamorphic master stays anamorphic
        AVDictionary metadata = new AVDictionary(null);
        av_dict_copy(metadata, in.metadata(), 0); // language, title: a second language stays named
        for (Map.Entry<String, String> t : tags.entrySet()) {
            av_dict_set(metadata, t.getKey(), t.getValue(), 0);
        }
        // MP4 and MOV name a track by its handler name (what players show); Matroska by its title.
        AVDictionaryEntry title = av_dict_get(metadata, "title", null, 0);
        if (title != null) {
            av_dict_set(metadata, "handler_name", title.value().getString(), 0);
        }
        s.metadata(metadata);
        s.disposition(disposition >= 0 ? disposition : in.disposition());
        s.time_base(in.time_base());
        s.avg_frame_rate(in.avg_frame_rate());
        s.r_frame_rate(in.r_frame_rate());
        return s;
    }

    private static void check(int code, String what) throws IOException {
        if (code < 0) {
            try (BytePointer text = new BytePointer(256)) {
                av_strerror(code, text, 256);
                String words = text.getString();
                int end = words.indexOf('\0');
                throw new IOException("cannot " + what + ": " + (end >= 0 ? words.substring(0, end) : words)
                        + " (FFmpeg error " + code + ")");
            }
        }
    }

    /** One input file's packets of one kind (its first stream of that kind). */
    private static final class Input {
        private final AVFormatContext context;
        private final int streamIndex;
        private final AVPacket packet = av_packet_alloc();
        private final Path file;
        private long offset;
        /** Packets starting at or after this time (with the offset, in the stream's time base) are not read. */
        private long end = Long.MAX_VALUE;
        private boolean closed;

        private Input(Path file, AVFormatContext context, int streamIndex) {
            this.file = file;
            this.context = context;
            this.streamIndex = streamIndex;
        }

        /** The stream {@code index} of {@code file}, or its first of {@code mediaType} when index is -1. */
        static Input open(Path file, int mediaType, int index) throws IOException {
            AVFormatContext c = new AVFormatContext(null);
            check(avformat_open_input(c, file.toString(), null, null), "open " + file);
            try {
                check(avformat_find_stream_info(c, (AVDictionary) null), "read the streams of " + file);
                if (index >= 0 && index < c.nb_streams() && c.streams(index).codecpar().codec_type() == mediaType) {
                    return new Input(file, c, index);
                }
                for (int i = 0; index < 0 && i < c.nb_streams(); i++) {
                    if (c.streams(i).codecpar().codec_type() == mediaType) {
                        return new Input(file, c, i);
                    }
                }
                throw new IOException(file + " has no " + (mediaType == AVMEDIA_TYPE_VIDEO ? "video" : "audio")
                        + " stream");
            } catch (IOException | RuntimeException e) {
                avformat_close_input(c);
                throw e;
            }
        }

        AVStream stream() {
            return context.streams(streamIndex);
        }

        AVRational timeBase() {
            return stream().time_base();
        }

        /** Reads the next packet of this input's stream; false at the end. */
        boolean read() throws IOException {
            while (true) {
                av_packet_unref(packet);
                int r = av_read_frame(context, packet);
                if (r == AVERROR_EOF()) {
                    return false;
                }
                check(r, "read " + file); // pieces are closed whole: anything but the end is damage
                if (packet.stream_index() == streamIndex) {
                    return true;
                }
            }
        }

        /**
         * Reads the next sound packet to keep: those that would start before 0 (sound before the picture's
         * start) or at or after the end are passed over.
         */
        boolean readAudio() throws IOException {
            while (read()) {
                long t = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                if (t == AV_NOPTS_VALUE) {
                    return true;
                }
                if (t + offset >= end) {
                    return false;
                }
                if (t + offset >= 0) {
                    return true;
                }
            }
            return false;
        }

        /** The current packet's decoding time (its presentation time when it has none), with the offset. */
        long time() {
            long t = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
            return t == AV_NOPTS_VALUE ? offset : t + offset;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }
}
