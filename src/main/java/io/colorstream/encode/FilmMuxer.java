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
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Joins the film's {@link VideoPieces pieces} and its {@link SoundEncoder sound track} into one file by copying
 * their packets (nothing is re-encoded): each piece's timestamps are moved by its first tick on the film's frame
 * grid, and video and sound are interleaved by time as they are written.
 */
final class FilmMuxer {
    private FilmMuxer() {
    }

    /**
     * @param pieces    the picture, in film order, at least one
     * @param frameRate the film's frame grid, as {@code num/den} frames per second
     * @param sound     the sound track (AAC in MP4), or null for a silent film
     * @param container FFmpeg's muxer name ("mp4", "mov", "matroska")
     * @param target    the file to write (replaced)
     */
    static void mux(List<VideoPieces.Piece> pieces, int rateNum, int rateDen, Path sound, String container,
                    Path target) throws IOException {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("a film needs at least one piece of picture");
        }
        AVRational tick = av_make_q(rateDen, rateNum);
        Iterator<VideoPieces.Piece> next = pieces.iterator();
        VideoPieces.Piece firstPiece = next.next();
        Input video = Input.open(firstPiece.file(), AVMEDIA_TYPE_VIDEO);
        Input audio = null;
        AVFormatContext out = null;
        try {
            video.offset = av_rescale_q(firstPiece.firstTick(), tick, video.timeBase());
            audio = sound == null ? null : Input.open(sound, AVMEDIA_TYPE_AUDIO);
            out = new AVFormatContext(null);
            check(avformat_alloc_output_context2(out, null, container, target.toString()), "start " + target);
            AVStream vs = copyStream(out, video.stream());
            AVStream as = audio == null ? null : copyStream(out, audio.stream());
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, target.toString(), AVIO_FLAG_WRITE), "open " + target);
            out.pb(pb);
            check(avformat_write_header(out, (AVDictionary) null), "write the header of " + target);

            boolean haveVideo = video.read();
            boolean haveAudio = audio != null && audio.read();
            long videoPackets = 0;
            long lastVideoDts = Long.MIN_VALUE;
            long lastAudioDts = Long.MIN_VALUE;
            while (haveVideo || haveAudio || next.hasNext()) {
                if (!haveVideo && next.hasNext()) { // this piece is done: on to the next
                    VideoPieces.Piece p = next.next();
                    video.close();
                    video = Input.open(p.file(), AVMEDIA_TYPE_VIDEO);
                    video.offset = av_rescale_q(p.firstTick(), tick, video.timeBase());
                    haveVideo = video.read();
                    continue;
                }
                boolean takeVideo = haveVideo && (!haveAudio
                        || av_compare_ts(video.time(), video.timeBase(), audio.time(), audio.timeBase()) <= 0);
                if (takeVideo) {
                    lastVideoDts = write(out, video, vs, lastVideoDts);
                    videoPackets++;
                    haveVideo = video.read();
                } else {
                    lastAudioDts = write(out, audio, as, lastAudioDts);
                    haveAudio = audio.read();
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
            if (audio != null) {
                audio.close();
            }
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

    private static AVStream copyStream(AVFormatContext out, AVStream in) throws IOException {
        AVStream s = avformat_new_stream(out, null);
        if (s == null || s.isNull()) {
            throw new IOException("cannot add a stream to the film");
        }
        check(avcodec_parameters_copy(s.codecpar(), in.codecpar()), "copy stream parameters");
        s.codecpar().codec_tag(0); // the output container chooses its own tag
        s.sample_aspect_ratio(in.sample_aspect_ratio()); // an anamorphic master stays anamorphic
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
        private boolean closed;

        private Input(Path file, AVFormatContext context, int streamIndex) {
            this.file = file;
            this.context = context;
            this.streamIndex = streamIndex;
        }

        static Input open(Path file, int mediaType) throws IOException {
            AVFormatContext c = new AVFormatContext(null);
            check(avformat_open_input(c, file.toString(), null, null), "open " + file);
            try {
                check(avformat_find_stream_info(c, (AVDictionary) null), "read the streams of " + file);
                for (int i = 0; i < c.nb_streams(); i++) {
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
