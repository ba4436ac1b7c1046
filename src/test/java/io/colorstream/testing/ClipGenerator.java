package io.colorstream.testing;

import io.colorstream.model.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes small, real video files for tests: H.264 (libx264, yuv420p, with B-frames, so decoders must reorder)
 * in MP4, MKV or MOV, optionally with an AAC sine tone as long as the video.
 *
 * <p>Usage:
 * <pre>{@code
 * Path film = ClipGenerator.gray(320, 180, 25, 12, 20, 9)   // three shots: 12, 20 and 9 frames
 *         .withAudio(44100, 2)                               // optional: stereo 440 Hz tone
 *         .writeTo(tmp.resolve("film.mp4"));                 // container from the extension: mp4, mkv, mov
 * Path colour = ClipGenerator.colour(320, 180, 25, 30).writeTo(tmp.resolve("colour.mkv"));
 * }</pre>
 *
 * <p>Content, so that cuts are detectable and frames within a shot differ:
 * <ul>
 *   <li>gray clips have R = G = B everywhere and are encoded from 8-bit gray, so their chroma is exactly
 *       neutral (U = V = 128), as in a black-and-white master. Each shot has its own look (dark horizontal
 *       gradient with fine texture, bright vertical gradient with a checker, radial gradient, high-contrast
 *       stripes; the looks cycle and later cycles are brighter), so luminance histograms change at every cut;</li>
 *   <li>the flat patch is exact to ±1 level after decoding (crf 8); elsewhere expect a few levels of H.264 error;</li>
 *   <li>a bright disc moves a few pixels per frame within a shot;</li>
 *   <li>a flat square of {@link #flatPatchSize} pixels in the top-left corner has the gray level
 *       {@link #flatPatchLevel(int) flatPatchLevel(shot)} (colour clips: the same level in all three channels), so a
 *       test can check decoded values against a known one where compression cannot blur;</li>
 *   <li>colour clips are a saturated hue wheel whose rotation and brightness change per shot.</li>
 * </ul>
 * The pixels of any frame are available without a file via {@link Clip#pixelsBgr}.
 *
 * @see Clip
 */
public final class ClipGenerator {
    /** The tone's pitch; left channel this, right channel a fifth higher, so channels are distinguishable. */
    public static final double TONE_HZ = 440.0;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // x264's statistics would fill the test output
    }

    /** L code → the sRGB gray level with that lightness. */
    private static final byte[] GRAY_OF_CODE = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            GRAY_OF_CODE[c] = (byte) ColorSpace.labToSrgb(ColorSpace.lOfCode(c), 0, 0)[0];
        }
    }

    private ClipGenerator() {
    }

    /** A gray (R = G = B) clip with the given frames per shot. */
    public static Clip gray(int width, int height, int fps, int... shotFrames) {
        return new Clip(width, height, fps, shotFrames, false, 0, 0, List.of());
    }

    /**
     * A gray clip of real photographs (shot i pans slowly across photo i mod n), for tests that need natural
     * content, as a colorizer sees in film. Gray levels keep each pixel's CIELAB lightness.
     */
    public static Clip grayPhotos(int width, int height, int fps, List<BufferedImage> photos, int... shotFrames) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("no photos");
        }
        return new Clip(width, height, fps, shotFrames, false, 0, 0, List.copyOf(photos));
    }

    /** A colourful clip with the given frames per shot (for tests that need chroma in the source). */
    /**
     * A transport stream whose picture changes size after {@code first}'s frames: {@code first} and then
     * {@code second}, written as .ts and joined byte for byte (as a broadcast or a camera feed that switches
     * resolution would arrive). Decoding it breaks where the size changes.
     */
    public static Path sizeChangingStream(Clip first, Clip second, Path file) throws IOException {
        if (first.width() == second.width() && first.height() == second.height()) {
            throw new IllegalArgumentException("the two parts must differ in size");
        }
        Path a = first.writeTo(file.resolveSibling(file.getFileName() + ".a.ts"));
        Path b = second.writeTo(file.resolveSibling(file.getFileName() + ".b.ts"));
        try (var out = Files.newOutputStream(file)) {
            Files.copy(a, out);
            Files.copy(b, out);
        }
        Files.delete(a);
        Files.delete(b);
        return file;
    }

    public static Clip colour(int width, int height, int fps, int... shotFrames) {
        return new Clip(width, height, fps, shotFrames, true, 0, 0, List.of());
    }

    /** Side of the flat top-left square, in pixels. */
    public static int flatPatchSize(int width, int height) {
        return Math.max(4, Math.min(width, height) / 6);
    }

    /** Gray level of the flat top-left square in the given shot (mid-range levels, where L codes are fine). */
    public static int flatPatchLevel(int shot) {
        int[] levels = {64, 192, 128, 96, 160, 224};
        return levels[shot % levels.length];
    }

    /**
     * What to write.
     *
     * @param shotFrames      frames per shot, each at least 1
     * @param colour          colourful content instead of gray
     * @param audioSampleRate 0 for no audio track
     * @param audioChannels   1 or 2 when there is audio
     */
    public record Clip(int width, int height, int fps, int[] shotFrames, boolean colour, int audioSampleRate,
                       int audioChannels, List<BufferedImage> photos) {
        public Clip {
            if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("yuv420p needs even sizes of at least 16, got " + width + "x" + height);
            }
            if (fps < 1) {
                throw new IllegalArgumentException("fps must be positive, got " + fps);
            }
            if (shotFrames.length == 0 || Arrays.stream(shotFrames).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("every shot needs at least one frame: " + Arrays.toString(shotFrames));
            }
            shotFrames = shotFrames.clone();
            if (audioSampleRate != 0 && (audioChannels < 1 || audioChannels > 2)) {
                throw new IllegalArgumentException("audio must be mono or stereo, got " + audioChannels + " channels");
            }
        }

        @Override
        public int[] shotFrames() {
            return shotFrames.clone();
        }

        /** Adds an AAC sine tone track (e.g. 44100 or 48000 Hz, 1 or 2 channels) as long as the video. */
        public Clip withAudio(int sampleRate, int channels) {
            return new Clip(width, height, fps, shotFrames, colour, sampleRate, channels, photos);
        }

        public boolean hasAudio() {
            return audioSampleRate > 0;
        }

        public int frameCount() {
            return Arrays.stream(shotFrames).sum();
        }

        /** The frame numbers where a new shot starts (after the first): for shots 12, 20, 9 that is 12, 32. */
        public int[] cuts() {
            int[] cuts = new int[shotFrames.length - 1];
            int at = 0;
            for (int s = 0; s < cuts.length; s++) {
                at += shotFrames[s];
                cuts[s] = at;
            }
            return cuts;
        }

        /** Shot index of every frame, in order. */
        public int[] shotOfFrames() {
            int[] shots = new int[frameCount()];
            int i = 0;
            for (int s = 0; s < shotFrames.length; s++) {
                for (int f = 0; f < shotFrames[s]; f++) {
                    shots[i++] = s;
                }
            }
            return shots;
        }

        /** Audio samples per channel in the whole clip: the video's duration at the audio rate. */
        public long audioSamples() {
            return Math.round((double) frameCount() * audioSampleRate / fps);
        }

        /** Writes the clip; the container follows the file's extension (.mp4, .mkv, .mov, .ts). Returns {@code file}. */
        public Path writeTo(Path file) throws IOException {
            String format = formatOf(file);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height,
                    hasAudio() ? audioChannels : 0);
                 // Gray clips go in as GRAY8, so their chroma is exactly neutral, as in a real black-and-white
                 // master; converting R = G = B pictures from BGR would leave the chroma a level or two off.
                 Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, colour ? 3 : 1)) {
                recorder.setFormat(format);
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setGopSize(fps);
                recorder.setImageScalingFlags(swscale.SWS_BILINEAR | swscale.SWS_ACCURATE_RND
                        | swscale.SWS_FULL_CHR_H_INP);
                recorder.setVideoOption("preset", "veryfast"); // has B-frames: decoders must reorder
                recorder.setVideoOption("crf", "8");           // near-lossless, so decoded levels are checkable
                if (hasAudio()) {
                    recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    recorder.setSampleRate(audioSampleRate);
                    recorder.setAudioChannels(audioChannels);
                    recorder.setAudioBitrate(128_000);
                }
                recorder.start();

                byte[] bgr = new byte[width * height * 3];
                byte[] gray = colour ? null : new byte[width * height];
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                long samplesWritten = 0;
                int seq = 0;
                for (int shot = 0; shot < shotFrames.length; shot++) {
                    for (int t = 0; t < shotFrames[shot]; t++, seq++) {
                        pixelsBgr(shot, t, bgr);
                        byte[] source = bgr;
                        int rowBytes = width * 3;
                        if (!colour) {
                            for (int p = 0; p < gray.length; p++) {
                                gray[p] = bgr[3 * p];
                            }
                            source = gray;
                            rowBytes = width;
                        }
                        for (int y = 0; y < height; y++) {
                            pixels.position(y * frame.imageStride);
                            pixels.put(source, y * rowBytes, rowBytes);
                        }
                        pixels.rewind();
                        recorder.record(frame);
                        if (hasAudio()) {
                            // Interleave: audio up to the end of this frame, so the muxer never buffers much.
                            long until = Math.round((double) (seq + 1) * audioSampleRate / fps);
                            recorder.recordSamples(audioSampleRate, audioChannels,
                                    tone(samplesWritten, (int) (until - samplesWritten)));
                            samplesWritten = until;
                        }
                    }
                }
                recorder.stop();
            } catch (FrameRecorder.Exception e) {
                throw new IOException("cannot write test clip " + file + ": " + e.getMessage(), e);
            }
            return file;
        }

        /** Interleaved 16-bit sine samples starting at sample {@code from}. */
        private ShortBuffer tone(long from, int count) {
            short[] pcm = new short[count * audioChannels];
            for (int i = 0; i < count; i++) {
                double t = (double) (from + i) / audioSampleRate;
                for (int c = 0; c < audioChannels; c++) {
                    double hz = TONE_HZ * (c == 0 ? 1.0 : 1.5);
                    pcm[i * audioChannels + c] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * t));
                }
            }
            return ShortBuffer.wrap(pcm);
        }

        /** The frame's pixels as packed B, G, R bytes (width·height·3), exactly what {@link #writeTo} encodes. */
        public void pixelsBgr(int shot, int frameInShot, byte[] bgr) {
            if (!photos.isEmpty()) {
                photoPixelsBgr(shot, frameInShot, bgr);
                return;
            }
            int patch = flatPatchSize(width, height);
            int patchLevel = flatPatchLevel(shot);
            // The disc drifts right and down a little each frame: motion within the shot, same look.
            double discX = width * 0.3 + frameInShot * Math.max(1.0, width / 160.0);
            double discY = height * 0.55 + frameInShot * Math.max(0.5, height / 360.0);
            double discR = height / 8.0;
            int look = shot % 4;
            double lift = ((shot / 4) % 3) * 12.0; // later cycles of the looks are brighter
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    if (x < patch && y < patch) {
                        bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) patchLevel;
                        continue;
                    }
                    double dx = x - discX;
                    double dy = y - discY;
                    boolean inDisc = dx * dx + dy * dy < discR * discR;
                    if (colour) {
                        colourPixel(shot, x, y, inDisc, bgr, i);
                    } else {
                        int v = inDisc ? 245 : clamp(grayLevel(look, x, y) + lift);
                        bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) v;
                    }
                }
            }
        }

        /** A window of 80 % of the photo, drifting right by one source pixel per frame, scaled to the frame. */
        private void photoPixelsBgr(int shot, int frameInShot, byte[] bgr) {
            BufferedImage photo = photos.get(shot % photos.size());
            int pw = photo.getWidth();
            int ph = photo.getHeight();
            double winW = pw * 0.8;
            double winH = Math.min(ph * 0.8, winW * height / width);
            double x0 = Math.min(pw - winW, frameInShot * 1.0);
            double y0 = (ph - winH) / 2;
            for (int y = 0; y < height; y++) {
                int sy = (int) Math.min(ph - 1, y0 + (y + 0.5) * winH / height);
                for (int x = 0; x < width; x++) {
                    int sx = (int) Math.min(pw - 1, x0 + (x + 0.5) * winW / width);
                    int rgb = photo.getRGB(sx, sy);
                    int code = ColorSpace.lCodeOfSrgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF) & 0xFF;
                    byte v = GRAY_OF_CODE[code];
                    int i = (y * width + x) * 3;
                    bgr[i] = bgr[i + 1] = bgr[i + 2] = v;
                }
            }
        }

        private double grayLevel(int look, int x, int y) {
            double u = (double) x / (width - 1);
            double v = (double) y / (height - 1);
            return switch (look) {
                case 0 -> 20 + 70 * u + 8 * Math.sin(x * 0.9) * Math.sin(y * 0.7); // dark, fine texture
                case 1 -> 150 + 70 * v + (((x / 8) + (y / 8)) % 2 == 0 ? 12 : -12); // bright, checker
                case 2 -> {
                    double r = Math.hypot(u - 0.5, v - 0.5) / 0.7071;
                    yield 210 - 160 * r; // radial: bright centre, dark corners
                }
                default -> Math.sin((x + y) * 0.15) > 0 ? 200 : 40; // high-contrast stripes
            };
        }

        private void colourPixel(int shot, int x, int y, boolean inDisc, byte[] bgr, int i) {
            if (inDisc) {
                bgr[i] = (byte) 250;
                bgr[i + 1] = (byte) 250;
                bgr[i + 2] = (byte) 250;
                return;
            }
            double hue = ((double) x / width + shot * 0.37) % 1.0 * 6.0; // hue wheel, rotated per shot
            double value = 0.45 + 0.5 * (1.0 - (double) y / height) * (shot % 2 == 0 ? 1.0 : 0.7);
            int sector = (int) hue;
            double f = hue - sector;
            double p = 0.15;
            double q = 1.0 - 0.85 * f;
            double t = 0.15 + 0.85 * f;
            double r;
            double g;
            double b;
            switch (sector) {
                case 0 -> { r = 1; g = t; b = p; }
                case 1 -> { r = q; g = 1; b = p; }
                case 2 -> { r = p; g = 1; b = t; }
                case 3 -> { r = p; g = q; b = 1; }
                case 4 -> { r = t; g = p; b = 1; }
                default -> { r = 1; g = p; b = q; }
            }
            bgr[i] = (byte) clamp(255 * value * b);
            bgr[i + 1] = (byte) clamp(255 * value * g);
            bgr[i + 2] = (byte) clamp(255 * value * r);
        }

        private static int clamp(double v) {
            return (int) Math.max(0, Math.min(255, Math.round(v)));
        }

        private static String formatOf(Path file) {
            String name = file.getFileName().toString().toLowerCase();
            if (name.endsWith(".mp4")) {
                return "mp4";
            } else if (name.endsWith(".mkv")) {
                return "matroska";
            } else if (name.endsWith(".mov")) {
                return "mov";
            } else if (name.endsWith(".ts")) {
                return "mpegts";
            }
            throw new IllegalArgumentException("test clips are .mp4, .mkv, .mov or .ts, not " + name);
        }
    }
}
