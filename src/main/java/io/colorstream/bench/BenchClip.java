package io.colorstream.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The film the bench times every stage on: a black-and-white H.264 clip (8-bit gray in, so its chroma is exactly
 * neutral, as in a black-and-white master) whose content costs what real film costs. A flat synthetic picture
 * would flatter the H.264 stages (it compresses to nothing) and the smoother (nothing moves), so each frame has
 * <ul>
 *   <li>a per-shot scene of smooth gradients (sky and ground, a vignette, a lit window in the dark, …), each
 *       shot's scene with a clearly different tonal make-up so that the shot detector finds the cuts;</li>
 *   <li>a bright disc and a dark block that move across the picture, so consecutive frames differ;</li>
 *   <li>fresh film grain in every frame (triangular, ±8 levels) and a slight exposure flicker (±3 levels):
 *       the noise H.264 spends most of its bits on in real scans;</li>
 * </ul>
 * and optionally an AAC sound track (a soft chord) as long as the picture.
 *
 * <pre>{@code
 * BenchClip.forFrames(1920, 1080, 25, 120).withAudio(48_000, 2).writeTo(dir.resolve("bench.mp4"));
 * }</pre>
 *
 * @param shotFrames frames per shot, each at least 1
 * @param audioSampleRate 0 for no sound track
 */
public record BenchClip(int width, int height, int fps, int[] shotFrames, int audioSampleRate, int audioChannels) {

    /** Shot lengths of {@link #forFrames}, cycled: about two seconds each at 25 fps, not all alike. */
    private static final int[] SHOT_LENGTHS = {50, 38, 62, 44};
    private static final int GRAIN = 8;
    private static final int FLICKER = 3;
    private static final int LOOKS = 5;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // x264 prints its statistics at INFO
    }

    public BenchClip {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("a bench clip is H.264 yuv420p, which needs an even width and height"
                    + " of at least 16; got " + width + "x" + height);
        }
        if (fps < 1) {
            throw new IllegalArgumentException("frame rate must be positive, got " + fps);
        }
        if (shotFrames == null || shotFrames.length == 0 || Arrays.stream(shotFrames).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("every shot needs at least one frame: " + Arrays.toString(shotFrames));
        }
        shotFrames = shotFrames.clone();
        if (audioSampleRate < 0 || (audioSampleRate > 0 && (audioChannels < 1 || audioChannels > 2))) {
            throw new IllegalArgumentException("sound must be mono or stereo at a positive rate, got "
                    + audioSampleRate + " Hz, " + audioChannels + " channels");
        }
    }

    /** A silent clip of {@code frames} frames cut into shots of about two seconds. */
    public static BenchClip forFrames(int width, int height, int fps, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
        }
        int[] shots = new int[frames];
        int n = 0;
        for (int left = frames; left > 0; n++) {
            int len = Math.min(left, SHOT_LENGTHS[n % SHOT_LENGTHS.length]);
            shots[n] = len;
            left -= len;
        }
        return new BenchClip(width, height, fps, Arrays.copyOf(shots, n), 0, 0);
    }

    /** A silent clip with these shot lengths. */
    public static BenchClip withShots(int width, int height, int fps, int... shotFrames) {
        return new BenchClip(width, height, fps, shotFrames, 0, 0);
    }

    /** The same clip with an AAC sound track, e.g. 48000 Hz stereo. */
    public BenchClip withAudio(int sampleRate, int channels) {
        return new BenchClip(width, height, fps, shotFrames, sampleRate, channels);
    }

    @Override
    public int[] shotFrames() {
        return shotFrames.clone();
    }

    public int frames() {
        return Arrays.stream(shotFrames).sum();
    }

    public int shots() {
        return shotFrames.length;
    }

    public boolean hasAudio() {
        return audioSampleRate > 0;
    }

    /** One line for the report, e.g. {@code 120 frames at 25 fps in 3 shots, AAC stereo}. */
    public String describe() {
        return frames() + " frames at " + fps + " fps in " + shots() + (shots() == 1 ? " shot" : " shots")
                + (hasAudio() ? ", AAC " + (audioChannels == 1 ? "mono" : "stereo") : ", no sound");
    }

    /**
     * Writes the clip as H.264 (preset veryfast, crf 18: a good-quality source; decoding cost depends little on
     * either). The container follows the extension (.mp4, .mkv, .mov). Returns {@code file}.
     */
    public Path writeTo(Path file) throws IOException {
        return writeTo(file, false);
    }

    /**
     * @param asCamera as a live camera sends it: MPEG-TS, x264 tuned for zero latency (no B-frames, each frame
     *                 out as it is taken), a key frame a second
     */
    public Path writeTo(Path file, boolean asCamera) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height,
                hasAudio() ? audioChannels : 0);
             Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 1)) {
            if (asCamera) {
                recorder.setFormat("mpegts");
                recorder.setVideoOption("tune", "zerolatency");
            }
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(asCamera ? fps : 2 * fps);
            recorder.setVideoOption("preset", "veryfast");
            recorder.setVideoOption("crf", "18");
            if (hasAudio()) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(audioSampleRate);
                recorder.setAudioChannels(audioChannels);
                recorder.setAudioBitrate(96_000 * audioChannels);
            }
            recorder.start();
            Painter painter = new Painter();
            byte[] gray = new byte[width * height];
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            long samplesWritten = 0;
            int seq = 0;
            for (int shot = 0; shot < shotFrames.length; shot++) {
                for (int t = 0; t < shotFrames[shot]; t++, seq++) {
                    painter.paint(shot, t, seq, gray);
                    for (int y = 0; y < height; y++) {
                        pixels.position(y * frame.imageStride);
                        pixels.put(gray, y * width, width);
                    }
                    pixels.rewind();
                    recorder.record(frame);
                    if (hasAudio()) {
                        // Sound up to the end of this frame, so the muxer never has much to interleave.
                        long until = Math.round((double) (seq + 1) * audioSampleRate / fps);
                        recorder.recordSamples(audioSampleRate, audioChannels,
                                chord(samplesWritten, (int) (until - samplesWritten)));
                        samplesWritten = until;
                    }
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write the bench clip " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Frame {@code seq}'s 8-bit gray picture (width·height bytes), exactly what {@link #writeTo} encodes. */
    void paint(int seq, byte[] gray) {
        if (seq < 0 || seq >= frames()) {
            throw new IllegalArgumentException("frame " + seq + " is not in a clip of " + frames() + " frames");
        }
        int shot = 0;
        int t = seq;
        while (t >= shotFrames[shot]) {
            t -= shotFrames[shot++];
        }
        new Painter().paint(shot, t, seq, gray);
    }

    /** A soft A-minor chord with a slow swell, interleaved 16-bit, from sample {@code from}. */
    private ShortBuffer chord(long from, int count) {
        double[] hz = {220.0, 261.63, 329.63};
        short[] pcm = new short[count * audioChannels];
        for (int i = 0; i < count; i++) {
            double t = (double) (from + i) / audioSampleRate;
            double swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.25 * t);
            for (int c = 0; c < audioChannels; c++) {
                double v = 0;
                for (int k = 0; k < hz.length; k++) {
                    v += Math.sin(2 * Math.PI * hz[k] * (c == 0 ? 1.0 : 1.002) * t);
                }
                pcm[i * audioChannels + c] = (short) Math.round(2500 * swell * v);
            }
        }
        return ShortBuffer.wrap(pcm);
    }

    /** Paints frames; keeps the current shot's scene so that only shapes, grain and flicker cost per frame. */
    private final class Painter {
        private final byte[] scene = new byte[width * height];
        private int sceneShot = -1;

        void paint(int shot, int frameInShot, int seq, byte[] gray) {
            if (gray.length != width * height) {
                throw new IllegalArgumentException("a " + width + "x" + height + " frame holds " + width * height
                        + " bytes, got " + gray.length);
            }
            if (shot != sceneShot) {
                paintScene(shot);
                sceneShot = shot;
            }
            System.arraycopy(scene, 0, gray, 0, gray.length);
            drawShapes(shot, frameInShot, gray);
            // Flicker from the frame's position in the film (not the shot), so it runs on across cuts.
            int flicker = (int) Math.round(FLICKER * Math.sin(seq * 0.7));
            addGrain(gray, flicker, seq);
        }

        /** The shot's still scene: looks alternate dark and bright so each cut changes the histogram a lot. */
        private void paintScene(int shot) {
            int look = shot % LOOKS;
            double lift = ((shot / LOOKS) % 3) * 10.0; // later rounds of the looks are a little brighter
            for (int y = 0; y < height; y++) {
                double v = (double) y / (height - 1);
                for (int x = 0; x < width; x++) {
                    double u = (double) x / (width - 1);
                    scene[y * width + x] = (byte) clamp(scene(look, u, v) + lift);
                }
            }
        }

        private double scene(int look, double u, double v) {
            return switch (look) {
                // dusk: dark left to mid right, soft cloud banks
                case 0 -> 25 + 85 * u + 12 * Math.sin(6 * u + 3 * v) * Math.sin(4 * v);
                // bright sky over a dark ground below the horizon at two thirds
                case 1 -> v < 0.66 ? 235 - 70 * v : 70 + 25 * Math.sin(30 * u) * (v - 0.66);
                // vignette: lit centre, dark corners
                case 2 -> 205 - 170 * Math.min(1, Math.hypot(u - 0.5, (v - 0.5) * 0.8) / 0.6);
                // night interior with a lit window
                case 3 -> (u > 0.6 && u < 0.85 && v > 0.15 && v < 0.5) ? 215 - 30 * v : 18 + 40 * v;
                // overcast street: mid grays, soft vertical columns
                default -> 120 + 50 * u - 30 * v + 18 * Math.cos(14 * u);
            };
        }

        /** A bright disc drifting right and a dark block drifting left, at different speeds. */
        private void drawShapes(int shot, int t, byte[] gray) {
            double speed = Math.max(1.0, width / 200.0);
            int r = Math.max(2, height / 9);
            int cx = (int) Math.round(width * (0.2 + 0.1 * (shot % 3)) + t * speed);
            int cy = (int) Math.round(height * 0.4 + height * 0.15 * Math.sin(t * 0.08));
            for (int y = Math.max(0, cy - r); y < Math.min(height, cy + r + 1); y++) {
                int dy = y - cy;
                for (int x = Math.max(0, cx - r); x < Math.min(width, cx + r + 1); x++) {
                    int dx = x - cx;
                    if (dx * dx + dy * dy <= r * r) {
                        gray[y * width + x] = (byte) 238;
                    }
                }
            }
            int bw = Math.max(2, width / 7);
            int bh = Math.max(2, height / 4);
            int bx = (int) Math.round(width * 0.75 - t * speed * 0.6);
            int by = (int) Math.round(height * 0.6);
            for (int y = Math.max(0, by); y < Math.min(height, by + bh); y++) {
                for (int x = Math.max(0, bx); x < Math.min(width, bx + bw); x++) {
                    gray[y * width + x] = (byte) 35;
                }
            }
        }

        /** Triangular grain (the sum of two uniform bytes) of ±{@value #GRAIN} levels, plus the flicker. */
        private void addGrain(byte[] gray, int flicker, int seq) {
            int s = (seq + 1) * 0x9E3779B9; // seeded by the frame, so any frame can be painted on its own
            s = s == 0 ? 1 : s;
            for (int i = 0; i < gray.length; i++) {
                s ^= s << 13; // xorshift32: fast, and grain needs no better randomness
                s ^= s >>> 17;
                s ^= s << 5;
                int grain = (((s & 0xFF) + ((s >>> 8) & 0xFF)) - 255) * GRAIN / 255;
                int v = (gray[i] & 0xFF) + grain + flicker;
                gray[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
