package io.colorstream.ingest;

import io.colorstream.wire.PictureShape;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a film with FFmpeg (through JavaCV) and yields each frame's full-resolution luminance and the sound.
 * Any input FFmpeg reads: a file (mp4, mkv, avi, mov, …) or a URL (rtsp://, http://, …).
 *
 * <pre>{@code
 * try (FilmDecoder decoder = FilmDecoder.open("film.mp4")) {
 *     FilmFacts facts = decoder.facts();
 *     long frames = decoder.decode(sink);   // streams: one frame in memory at a time
 * }
 * }</pre>
 *
 * <p>Timestamps: video and audio share one clock whose zero is the video stream's start (the first frame has
 * pts 0). Audio before that zero (e.g. AAC priming that a container did not trim) is cut off, so sound and
 * picture start together. Video pts are made strictly increasing: a frame whose pts does not advance (broken
 * streams) is placed one frame duration after the previous one.
 */
public final class FilmDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FilmDecoder.class);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(15);
    private static final long MIN_AUDIO_REMNANT_MICROS = 2_000;
    private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-\\d+)");

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's info chatter would drown our own logs
    }

    private final String input;
    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final FilmFacts facts;
    /** Microseconds of the video stream's start, Long.MIN_VALUE until known (taken from the first frame). */
    private long originMicros;
    private final Luminance luminance = new Luminance();
    private volatile boolean cancelled;
    private volatile boolean reachedEnd;

    private FilmDecoder(String input, FFmpegFrameGrabber grabber) {
        this.input = input;
        this.name = InputNames.shortName(input);
        this.grabber = grabber;
        AVFormatContext oc = grabber.getFormatContext();
        AVStream video = oc.streams(grabber.getVideoStream());
        this.originMicros = video.start_time() == avutil.AV_NOPTS_VALUE
                ? Long.MIN_VALUE : micros(video.start_time(), video.time_base());
        this.facts = readFacts(oc, video);
    }

    /** Opens a film with the default network timeout. */
    public static FilmDecoder open(String input) {
        return open(input, DEFAULT_SOCKET_TIMEOUT);
    }

    /**
     * Opens a film and reads its facts.
     *
     * @param socketTimeout how long a network read may stall before decoding fails (URLs only)
     * @throws FilmInputException naming the input when it is missing, unreadable, or has no video stream
     */
    public static FilmDecoder open(String input, Duration socketTimeout) {
        if (input == null || input.isBlank()) {
            throw new FilmInputException("no input given: pass a film file or a stream URL");
        }
        String shown = InputNames.redacted(input);
        if (!InputNames.isUrl(input)) {
            Path file = Path.of(input);
            if (!Files.exists(file)) {
                throw new FilmInputException("cannot open film " + shown + ": no such file");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new FilmInputException("cannot open film " + shown + ": not a readable file");
            }
            if (isEmpty(file)) { // FFmpeg would say only "Invalid data found when processing input"
                throw new FilmInputException("cannot open film " + shown + ": the file is empty (0 bytes)");
            }
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input);
        String timeoutMicros = Long.toString(socketTimeout.toNanos() / 1000);
        if (InputNames.scheme(input).startsWith("rtsp")) {
            grabber.setOption("rtsp_transport", "tcp"); // UDP drops packets → smeared frames; TCP does not
            grabber.setOption("timeout", timeoutMicros); // RTSP's socket I/O timeout, in µs
        } else if (InputNames.isUrl(input)) {
            grabber.setOption("rw_timeout", timeoutMicros); // every other protocol's read timeout, in µs
        }
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        // swscale's default fast path is 2-5 levels off on gray (measured on H.264 yuv420p); luminance is the
        // one thing we must not lose, so pay for exact rounding and full-resolution chroma interpolation.
        grabber.setImageScalingFlags(swscale.SWS_BILINEAR | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INT);
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16); // interleaved 16-bit, whatever the codec decodes to
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber);
            throw new FilmInputException("cannot open film " + shown + ": " + reason(e, input), e);
        }
        if (!grabber.hasVideo() || grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            releaseQuietly(grabber);
            throw new FilmInputException("cannot ingest " + shown + ": it has no video stream");
        }
        try {
            return new FilmDecoder(input, grabber);
        } catch (RuntimeException e) {
            releaseQuietly(grabber);
            throw new FilmInputException("cannot read the facts of " + shown + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (java.io.IOException e) {
            return false; // FFmpeg's open says what is wrong with it
        }
    }

    /**
     * FFmpeg's own words for a JavaCV failure ("Connection refused", "Invalid data found when processing input"),
     * without JavaCV's hints and without the input's password.
     */
    private static String reason(Exception e, String input) {
        String message = String.valueOf(e.getMessage());
        Matcher code = FFMPEG_ERROR.matcher(message);
        if (code.find()) {
            int errnum = Integer.parseInt(code.group(1));
            try (BytePointer text = new BytePointer(256)) {
                if (avutil.av_strerror(errnum, text, 256) == 0) {
                    // The pointer's limit is the whole buffer: cut at the C string's end.
                    String words = text.getString();
                    int end = words.indexOf('\0');
                    return (end >= 0 ? words.substring(0, end) : words) + " (FFmpeg error " + errnum + ")";
                }
            }
        }
        return message.replace(input, InputNames.redacted(input));
    }

    public FilmFacts facts() {
        return facts;
    }

    /**
     * Decodes to the end of the input (or until {@link #cancel()}), calling the sink for every frame.
     *
     * @return the number of video frames yielded
     * @throws FilmInputException when decoding fails or a frame's size differs from the film's
     */
    public long decode(FrameSink sink) {
        return decode(sink, 0);
    }

    /**
     * As {@link #decode(FrameSink)}, from frame {@code skip} on: the frames before it are decoded (H.264 cannot
     * start anywhere else) but not converted or yielded, the first frame yielded has seq 0, and sound before its
     * time is cut away, so the rest of the film comes out as if it began there. Timestamps stay the film's.
     *
     * @return the number of video frames yielded (0 when the film has no more than {@code skip})
     */
    public long decode(FrameSink sink, long skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("frames to skip must be 0 or more, got " + skip);
        }
        int width = facts.width();
        int height = facts.height();
        byte[] luma = new byte[width * height];
        long frameMicros = Math.max(1, Math.round(1e6 * facts.frameRateDen() / facts.frameRateNum()));
        long seq = 0;
        long lastPts = Long.MIN_VALUE;
        boolean audio = facts.hasAudio();
        FrameSink target = skip == 0 ? sink : new SoundAfter(sink);
        // Frames (and sound) well before the first one yielded are not even converted; the last two seconds
        // before it are, for the sound that belongs after it.
        long convertFrom = skip - (long) Math.ceil(2.0 * facts.frameRateNum() / facts.frameRateDen());
        try {
            while (!cancelled) {
                boolean convert = seq >= convertFrom;
                Frame frame = grabber.grabFrame(audio, true, convert, false, false);
                if (frame == null) {
                    reachedEnd = true;
                    break;
                }
                if (originMicros == Long.MIN_VALUE) {
                    originMicros = frame.timestamp; // live streams: the clock starts with what we see first
                }
                long pts = frame.timestamp - originMicros;
                boolean sound = frame.samples != null && frame.samples.length > 0;
                if (!sound && (frame.image != null && frame.image.length > 0 && frame.image[0] != null || !convert)) {
                    if (convert && (frame.imageWidth != width || frame.imageHeight != height)) {
                        throw new FilmInputException("frame " + seq + " of " + name + " is " + frame.imageWidth
                                + "x" + frame.imageHeight + " but the film started at " + width + "x" + height
                                + "; films that change size are not supported");
                    }
                    if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
                        pts = lastPts + frameMicros;
                    }
                    lastPts = pts;
                    if (seq >= skip) {
                        luminance.fromBgr24((ByteBuffer) frame.image[0], frame.imageStride, width, height, luma);
                        target.onVideo(seq - skip, pts, luma);
                    }
                    seq++;
                } else if (sound && convert && frame.samples[0] != null) {
                    emitAudio(target, frame, pts);
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new FilmInputException("decoding " + name + " failed after " + seq + " frames: " + reason(e, input), e);
        }
        if (seq == 0 && !cancelled) {
            throw new FilmInputException("cannot ingest " + name + ": no video frame could be decoded");
        }
        return Math.max(0, seq - skip);
    }

    /**
     * Passes on the video and only the sound from the first frame's time on: sound that arrives before that frame
     * waits (the latest second of it), then is cut at the frame's time.
     */
    private static final class SoundAfter implements FrameSink {
        private static final long HOLD_MICROS = 1_000_000;
        private final FrameSink sink;
        private final java.util.ArrayDeque<Object[]> held = new java.util.ArrayDeque<>();
        private long start = Long.MIN_VALUE;

        SoundAfter(FrameSink sink) {
            this.sink = sink;
        }

        @Override
        public void onVideo(long seq, long ptsMicros, byte[] luma) {
            if (start == Long.MIN_VALUE) {
                start = ptsMicros;
                for (Object[] a : held) {
                    pass((Long) a[0], (Integer) a[1], (Integer) a[2], (byte[]) a[3]);
                }
                held.clear();
            }
            sink.onVideo(seq, ptsMicros, luma);
        }

        @Override
        public void onAudio(long ptsMicros, int sampleRate, int channels, byte[] pcm) {
            if (start != Long.MIN_VALUE) {
                pass(ptsMicros, sampleRate, channels, pcm);
                return;
            }
            held.addLast(new Object[] {ptsMicros, sampleRate, channels, pcm});
            while (held.size() > 1 && (Long) held.peekFirst()[0] < ptsMicros - HOLD_MICROS) {
                held.removeFirst(); // long before the frames to come: never needed
            }
        }

        private void pass(long pts, int rate, int channels, byte[] pcm) {
            int frameBytes = channels * 2;
            long total = pcm.length / frameBytes;
            long drop = pts >= start ? 0 : Math.min(total, Math.round((start - pts) * (double) rate / 1_000_000));
            if (drop == total) {
                return;
            }
            if (drop > 0) {
                pcm = java.util.Arrays.copyOfRange(pcm, (int) (drop * frameBytes), pcm.length);
                pts += drop * 1_000_000 / rate;
            }
            sink.onAudio(pts, rate, channels, pcm);
        }
    }

    private void emitAudio(FrameSink sink, Frame frame, long pts) {
        int channels = frame.audioChannels;
        int rate = frame.sampleRate;
        byte[] pcm = Pcm16.interleave(frame.samples, channels);
        if (pts < 0 && rate > 0 && channels > 0) {
            // Sound before the picture starts (encoder priming): drop it, so both start at zero.
            int frameBytes = channels * 2;
            long total = pcm.length / frameBytes;
            long drop = Math.min(total, (-pts * rate + 999_999) / 1_000_000);
            if ((total - drop) * 1_000_000 / rate < MIN_AUDIO_REMNANT_MICROS) {
                return; // a sliver left by the container's rounded timestamps (Matroska: 1 ms), not real sound
            }
            byte[] kept = new byte[(int) ((total - drop) * frameBytes)];
            System.arraycopy(pcm, (int) (drop * frameBytes), kept, 0, kept.length);
            pcm = kept;
            pts += drop * 1_000_000 / rate;
        }
        if (pcm.length > 0) {
            sink.onAudio(pts, rate, channels, pcm);
        }
    }

    /** Makes {@link #decode} return after the frame it is on; safe from any thread. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** True once {@link #decode} has read the input to its end (not merely been cancelled). */
    public boolean reachedEnd() {
        return reachedEnd;
    }

    @Override
    public void close() {
        releaseQuietly(grabber);
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close(); // stop + release of the native contexts
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.warn("closing the decoder failed: {}", e.getMessage());
        }
    }

    // ---- facts ----

    private FilmFacts readFacts(AVFormatContext oc, AVStream video) {
        AVRational rate = frameRate(video);
        double fps = (double) rate.num() / rate.den();
        long streamMicros = video.duration() == avutil.AV_NOPTS_VALUE || video.duration() <= 0
                ? -1 : micros(video.duration(), video.time_base());
        if (streamMicros < 0) {
            streamMicros = taggedDurationMicros(grabber.getVideoMetadata()); // Matroska keeps it only as a tag
        }
        long containerMicros = oc.duration() == avutil.AV_NOPTS_VALUE || oc.duration() <= 0
                ? -1 : oc.duration() * 1_000_000L / avutil.AV_TIME_BASE;
        long duration = streamMicros > 0 ? streamMicros : containerMicros;
        long frames = video.nb_frames() > 0 ? video.nb_frames()
                : duration > 0 ? Math.round(duration * fps / 1e6) : -1;
        boolean audio = grabber.hasAudio() && grabber.getSampleRate() > 0 && grabber.getAudioChannels() > 0;
        return new FilmFacts(InputNames.redacted(input), grabber.getImageWidth(), grabber.getImageHeight(),
                rate.num(), rate.den(), duration, frames, grabber.getVideoCodecName(),
                audio ? grabber.getAudioCodecName() : null, audio ? grabber.getSampleRate() : 0,
                audio ? grabber.getAudioChannels() : 0, pictureShape(video), carriedTags(oc, video));
    }

    /** Tags a colour film keeps: the container's title and date, and the timecode of the film or its picture. */
    private static Map<String, String> carriedTags(AVFormatContext oc, AVStream video) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String key : List.of("title", "date", "creation_time", "timecode")) {
            for (AVDictionary d : new AVDictionary[] {oc.metadata(), video.metadata()}) {
                AVDictionaryEntry e = d == null ? null : avutil.av_dict_get(d, key, null, 0);
                if (e != null && !out.containsKey(key)) {
                    out.put(key, e.value().getString());
                }
            }
        }
        return out;
    }

    /** Pixel aspect (the stream's, else the codec's) and field order, as the source declares them. */
    private static PictureShape pictureShape(AVStream video) {
        AVRational sar = video.sample_aspect_ratio();
        if (sar == null || sar.num() <= 0 || sar.den() <= 0) {
            sar = video.codecpar().sample_aspect_ratio();
        }
        int num = sar == null ? 1 : sar.num();
        int den = sar == null ? 1 : sar.den();
        if (num > 0 && den > 0) {
            AVRational r = reduced(num, den);
            num = r.num();
            den = r.den();
        }
        var format = avutil.av_pix_fmt_desc_get(video.codecpar().format());
        int depth = format == null || format.isNull() ? 8 : format.comp(0).depth();
        return new PictureShape(num, den, PictureShape.fieldOrderName(video.codecpar().field_order()), depth);
    }

    /** The stream's average rate, else its base rate, else what the grabber guesses, else 25 fps. */
    private AVRational frameRate(AVStream video) {
        for (AVRational r : new AVRational[] {video.avg_frame_rate(), video.r_frame_rate()}) {
            if (r != null && r.num() > 0 && r.den() > 0 && (double) r.num() / r.den() <= 1000) {
                return reduced(r.num(), r.den());
            }
        }
        double guess = grabber.getVideoFrameRate();
        if (guess > 0 && guess <= 1000) {
            return avutil.av_d2q(guess, 1_001_000);
        }
        LOG.warn("{} does not tell its frame rate; assuming 25 fps", name);
        return avutil.av_make_q(25, 1);
    }

    private static AVRational reduced(int num, int den) {
        int a = num;
        int b = den;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return avutil.av_make_q(num / a, den / a);
    }

    /** Parses a "HH:MM:SS.fffffffff" DURATION tag; -1 when absent or malformed. */
    static long taggedDurationMicros(Map<String, String> metadata) {
        String tag = metadata == null ? null : metadata.get("DURATION");
        if (tag == null) {
            return -1;
        }
        String[] parts = tag.trim().split(":");
        if (parts.length != 3) {
            return -1;
        }
        try {
            double seconds = Integer.parseInt(parts[0]) * 3600.0 + Integer.parseInt(parts[1]) * 60.0
                    + Double.parseDouble(parts[2]);
            return seconds > 0 ? Math.round(seconds * 1e6) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Same arithmetic as JavaCV's frame timestamps, so origin and frame times round alike. */
    private static long micros(long ticks, AVRational timeBase) {
        return 1_000_000L * ticks * timeBase.num() / timeBase.den();
    }
}
