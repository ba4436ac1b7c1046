package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.colorstream.stream.wire.AudioChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes the colour film: H.264 (libx264, yuv420p, constant quality) plus AAC audio, through JavaCV's
 * {@link FFmpegFrameRecorder}, into a temporary file beside the output ({@code .NAME.part}) that is renamed into
 * place atomically by {@link #finish()} only when the film is complete. On failure, or {@link #close()} without
 * {@code finish()}, the temporary file is removed and an existing output is left untouched.
 *
 * <p><b>Timing.</b> The frame rate is the source's rational rate; the encoder's time base is its inverse
 * (JavaCV derives it with {@code av_d2q(rate, 1001000)}, which recovers e.g. 30000/1001 exactly), so every frame
 * is stamped from its own {@code ptsMicros} on the source's frame grid. Constant-rate sources keep their exact
 * timing; variable-rate sources keep it to the nearest tick of the nominal rate (FFmpeg's {@code r_frame_rate} is
 * chosen so that all timestamps lie on that grid). Two frames never share a tick: a frame that would is moved to
 * the next one, so no frame is ever dropped.
 *
 * <p><b>Audio</b> is re-encoded as AAC at the source's sample rate and channel count. Copying the source's audio
 * packets untouched is not possible here: {@code recordPacket} needs the grabber's live input format context, and
 * across Kafka only decoded PCM travels. The audio track starts at time 0 like the frames' timestamps; a chunk
 * that starts later than the audio written so far (the sound starts late, or has a hole) is preceded by silence so
 * that sound stays in sync with picture. Callers interleave: feed audio up to each frame's time as they go
 * ({@link #audioWrittenMicros()}), so the muxer's interleaving queue stays short.
 *
 * <p><b>Odd sizes.</b> yuv420p needs even width and height. An odd dimension is padded by one pixel that repeats
 * the last column or row (nothing of the picture is cropped away); the film is then one pixel wider or taller.
 *
 * <p>Not thread-safe: one film, one thread.
 */
public final class FilmEncoder implements AutoCloseable {
    /** Seconds of audio a chunk may start late before the gap is filled with silence (timestamp jitter). */
    private static final double AUDIO_GAP_TOLERANCE_SECONDS = 0.002;

    /**
     * How the film is encoded.
     *
     * @param videoEncoder           FFmpeg encoder name; must produce H.264 (libx264 in the -gpl natives)
     * @param preset                 x264 preset: speed against size at the same quality (veryfast … veryslow)
     * @param crf                    x264 constant rate factor: lower is better; 18 is visually near-lossless
     * @param audioBitratePerChannel AAC bits per second per channel
     */
    public record Settings(String videoEncoder, String preset, int crf, int audioBitratePerChannel) {
        public Settings {
            if (videoEncoder == null || videoEncoder.isBlank()) {
                throw new IllegalArgumentException("a video encoder name is required");
            }
            if (preset == null || preset.isBlank()) {
                throw new IllegalArgumentException("an x264 preset is required (e.g. medium)");
            }
            if (crf < 0 || crf > 51) {
                throw new IllegalArgumentException("crf must be in 0..51, got " + crf);
            }
            if (audioBitratePerChannel < 8_000) {
                throw new IllegalArgumentException("audio bitrate per channel must be at least 8000, got "
                        + audioBitratePerChannel);
            }
        }

        /** libx264, preset medium, crf 18, 96 kbit/s of AAC per channel: quality first. */
        public static Settings defaults() {
            return new Settings("libx264", "medium", 18, 96_000);
        }

        public Settings withPreset(String p) {
            return new Settings(videoEncoder, p, crf, audioBitratePerChannel);
        }

        public Settings withCrf(int c) {
            return new Settings(videoEncoder, preset, c, audioBitratePerChannel);
        }

        public Settings withVideoEncoder(String name) {
            return new Settings(name, preset, crf, audioBitratePerChannel);
        }
    }

    private final Path output;
    private final Path temp;
    private final FilmFormat format;
    private final int codedWidth;
    private final int codedHeight;
    private final ByteBuffer picture;
    private FFmpegFrameRecorder recorder;
    private short[] pcm = new short[0];
    private long lastTick = -1;
    private long framesWritten;
    private long audioSamplesWritten;
    private boolean finished;

    /**
     * Opens the encoder and starts the temporary file.
     *
     * @param output the film to write; the container follows its extension (.mp4, .mov, .mkv); its directory is
     *               created if missing
     * @throws IllegalStateException when the H.264 encoder is not in this FFmpeg build
     * @throws IOException           when FFmpeg cannot start the file
     */
    public FilmEncoder(Path output, FilmFormat format, Settings settings) throws IOException {
        this.output = output.toAbsolutePath().normalize();
        this.format = format;
        String container = containerFor(this.output);
        requireH264Encoder(settings.videoEncoder());
        this.temp = this.output.resolveSibling("." + this.output.getFileName() + ".part");
        this.codedWidth = (format.width() + 1) & ~1;
        this.codedHeight = (format.height() + 1) & ~1;
        this.picture = ByteBuffer.allocateDirect(codedWidth * codedHeight * 3);
        Files.createDirectories(this.output.getParent());
        Files.deleteIfExists(temp);

        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), codedWidth, codedHeight,
                format.audioChannels());
        r.setFormat(container);
        r.setVideoCodec(AV_CODEC_ID_H264);
        r.setVideoCodecName(settings.videoEncoder());
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(format.frameRate());
        r.setVideoBitrate(0); // constant quality (crf), not a bitrate target
        r.setVideoOption("crf", Integer.toString(settings.crf()));
        r.setVideoOption("preset", settings.preset());
        // JavaCV asks for constrained baseline by default; a film wants B-frames and CABAC.
        r.setVideoOption("profile", "high");
        // sRGB primaries and curve; swscale's BGR→YUV uses the BT.601 matrix, so say so, or HD players assume 709.
        r.setVideoOption("x264-params", "colorprim=bt709:transfer=iec61966-2-1:colormatrix=smpte170m");
        if (format.hasAudio()) {
            r.setAudioCodec(AV_CODEC_ID_AAC);
            r.setSampleRate(format.audioSampleRate());
            r.setAudioChannels(format.audioChannels());
            r.setAudioBitrate(settings.audioBitratePerChannel() * format.audioChannels());
        }
        try {
            r.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            releaseQuietly(r);
            Files.deleteIfExists(temp);
            throw new IOException("cannot start encoding " + this.output + " (" + format + ", " + settings + "): "
                    + e.getMessage(), e);
        }
        this.recorder = r;
    }

    /**
     * Fails clearly when {@code name} is not an H.264 encoder of this FFmpeg build, instead of letting FFmpeg fall
     * back to another codec.
     */
    public static void requireH264Encoder(String name) {
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("the H.264 encoder '" + name + "' is not available in this FFmpeg build;"
                    + " colorstream needs the GPL FFmpeg natives (org.bytedeco:ffmpeg with the -gpl classifier)"
                    + " for libx264");
        }
        if (codec.id() != AV_CODEC_ID_H264) {
            throw new IllegalArgumentException("encoder '" + name + "' does not produce H.264 (codec id "
                    + codec.id() + ")");
        }
    }

    /**
     * Encodes one frame.
     *
     * @param bgr       BGR24, width·height·3 bytes of the {@link FilmFormat}'s size, rows packed
     * @param ptsMicros presentation time from the start of the film
     */
    public void recordFrame(byte[] bgr, long ptsMicros) throws IOException {
        ensureOpen();
        int w = format.width();
        int h = format.height();
        if (bgr.length != w * h * 3) {
            throw new IllegalArgumentException("a " + w + "x" + h + " BGR frame holds " + w * h * 3 + " bytes, got "
                    + bgr.length);
        }
        fillPicture(bgr, w, h);
        long tick = Math.round((double) ptsMicros * format.frameRateNum()
                / (format.frameRateDen() * 1_000_000.0));
        if (tick <= lastTick) {
            tick = lastTick + 1; // same or earlier tick: keep the frame, on the next tick
        }
        if (tick > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timestamp " + ptsMicros + " µs is past what the encoder can stamp");
        }
        try {
            recorder.setFrameNumber((int) tick);
            recorder.recordImage(codedWidth, codedHeight, Frame.DEPTH_UBYTE, 3, codedWidth * 3, AV_PIX_FMT_BGR24,
                    picture);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("frame " + framesWritten + " at " + ptsMicros + " µs", e);
        }
        lastTick = tick;
        framesWritten++;
    }

    /**
     * Encodes a run of audio (interleaved s16le), with silence before it if it starts after the audio written so
     * far. Resampled by FFmpeg if its rate or channels differ from the film's.
     */
    public void recordAudio(AudioChunk chunk) throws IOException {
        ensureOpen();
        if (!format.hasAudio()) {
            throw new IllegalStateException("film " + output + " was opened without audio, but audio chunk "
                    + chunk.index() + " arrived");
        }
        int rate = format.audioSampleRate();
        long start = Math.round(chunk.ptsMicros() * (rate / 1_000_000.0));
        long gap = start - audioSamplesWritten;
        if (gap > AUDIO_GAP_TOLERANCE_SECONDS * rate) {
            writeSilence(gap);
        }
        byte[] s = chunk.samples();
        int n = s.length / 2;
        if (pcm.length < n) {
            pcm = new short[n];
        }
        ByteBuffer.wrap(s).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm, 0, n);
        try {
            recorder.recordSamples(chunk.sampleRate(), chunk.channels(), ShortBuffer.wrap(pcm, 0, n));
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("audio chunk " + chunk.index(), e);
        }
        long frames = n / chunk.channels();
        audioSamplesWritten += chunk.sampleRate() == rate ? frames
                : Math.round(frames * (double) rate / chunk.sampleRate());
    }

    private void writeSilence(long frames) throws IOException {
        int channels = format.audioChannels();
        int block = 4096;
        short[] zeros = new short[block * channels];
        long left = frames;
        try {
            while (left > 0) {
                int f = (int) Math.min(block, left);
                recorder.recordSamples(format.audioSampleRate(), channels, ShortBuffer.wrap(zeros, 0, f * channels));
                left -= f;
            }
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("silence before audio at " + audioWrittenMicros() + " µs", e);
        }
        audioSamplesWritten += frames;
    }

    /** Flushes the encoders, writes the trailer, and renames the film into place. Returns the output path. */
    public Path finish() throws IOException {
        return finishAs(output);
    }

    /**
     * As {@link #finish()}, but into {@code target} beside the output (a partial film must not replace a whole
     * one of the same name). Returns {@code target}.
     */
    public Path finishAs(Path target) throws IOException {
        target = target.toAbsolutePath().normalize();
        if (!target.getParent().equals(output.getParent())) {
            throw new IllegalArgumentException("a film is finished beside its output " + output + ", not at " + target);
        }
        ensureOpen();
        try {
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw failed("the end of the film", e);
        }
        recorder = null;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true); // on disk before it gets the real name
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot move the finished film " + temp + " into place at " + target + ": "
                    + e.getMessage(), e);
        }
        finished = true;
        return target;
    }

    /** Frames encoded so far. */
    public long framesWritten() {
        return framesWritten;
    }

    /** Time of the last frame encoded, in µs on the film's frame grid; -1 before the first. */
    public long videoWrittenMicros() {
        return lastTick < 0 ? -1
                : Math.round(lastTick * (double) format.frameRateDen() * 1_000_000.0 / format.frameRateNum());
    }

    /** End time of the audio written so far, in µs. */
    public long audioWrittenMicros() {
        return format.hasAudio() ? Math.round(audioSamplesWritten * 1_000_000.0 / format.audioSampleRate()) : 0;
    }

    public FilmFormat format() {
        return format;
    }

    /** Size actually encoded: the frame size, rounded up to even. */
    public int codedWidth() {
        return codedWidth;
    }

    public int codedHeight() {
        return codedHeight;
    }

    public Path output() {
        return output;
    }

    /** The temporary file being written until {@link #finish()}. */
    public Path temporaryFile() {
        return temp;
    }

    /** Abandons an unfinished film: the temporary file goes, an existing output stays. Safe to call again. */
    @Override
    public void close() throws IOException {
        if (recorder != null) {
            releaseQuietly(recorder);
            recorder = null;
        }
        if (!finished) {
            Files.deleteIfExists(temp);
        }
    }

    private void fillPicture(byte[] bgr, int w, int h) {
        int rowBytes = w * 3;
        int codedRow = codedWidth * 3;
        picture.clear();
        for (int y = 0; y < h; y++) {
            int base = y * codedRow;
            picture.put(base, bgr, y * rowBytes, rowBytes);
            if (codedWidth != w) { // repeat the last pixel of the row
                int last = y * rowBytes + rowBytes - 3;
                picture.put(base + rowBytes, bgr, last, 3);
            }
        }
        if (codedHeight != h) { // repeat the last row
            int lastRow = (h - 1) * codedRow;
            for (int i = 0; i < codedRow; i++) {
                picture.put(h * codedRow + i, picture.get(lastRow + i));
            }
        }
    }

    private IOException failed(String what, FFmpegFrameRecorder.Exception e) throws IOException {
        IOException failure = new IOException("encoding " + output + " failed at " + what + ": " + e.getMessage(), e);
        try {
            close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("film " + output + " is already finished");
        }
        if (recorder == null) {
            throw new IllegalStateException("encoding of " + output + " was abandoned");
        }
    }

    private static void releaseQuietly(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FFmpegFrameRecorder.Exception ignored) {
            // nothing more to free; the temporary file is removed by the caller
        }
    }

    /** FFmpeg's muxer name for the output's extension. */
    static String containerFor(Path output) {
        String name = output.getFileName().toString();
        AVOutputFormat f = avformat.av_guess_format(null, name, null);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("cannot tell the container format from the output name '" + name
                    + "'; use .mp4, .mov or .mkv");
        }
        return f.name().getString();
    }
}
