package io.colorstream.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads a colour video's frames as 8-bit sRGB, for measuring colorization against colour ground truth.
 * Audio is skipped.
 *
 * <pre>{@code
 * try (ColorClipReader clip = ColorClipReader.open(file, 100)) {
 *     ColorClipReader.ClipFrame frame;
 *     while ((frame = clip.next()) != null) { ... }
 * }
 * }</pre>
 */
public final class ColorClipReader implements AutoCloseable {
    /** Read every frame. */
    public static final int ALL_FRAMES = Integer.MAX_VALUE;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's info chatter would drown our own logs
    }

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final int maxFrames;
    private int read;

    private ColorClipReader(Path file, FFmpegFrameGrabber grabber, int maxFrames) {
        this.file = file;
        this.grabber = grabber;
        this.maxFrames = maxFrames;
    }

    /** Opens a clip to read all its frames. */
    public static ColorClipReader open(Path file) throws IOException {
        return open(file, ALL_FRAMES);
    }

    /**
     * Opens a clip.
     *
     * @param maxFrames read at most this many frames (at least 1; {@link #ALL_FRAMES} for all)
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException naming the file, if FFmpeg cannot open it or it has no video stream
     */
    public static ColorClipReader open(Path file, int maxFrames) throws IOException {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("read at least one frame, got maxFrames " + maxFrames);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such video file");
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        // The same accurate conversion as ingest's FilmDecoder, so the truth's L* matches what ingest would see.
        grabber.setImageScalingFlags(swscale.SWS_BILINEAR | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INT);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber);
            throw new IOException("cannot read video " + file + ": " + e.getMessage(), e);
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            releaseQuietly(grabber);
            throw new IOException("cannot read video " + file + ": it has no video stream");
        }
        return new ColorClipReader(file, grabber, maxFrames);
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    /** Frames per second as the container states it. */
    public double frameRate() {
        return grabber.getVideoFrameRate();
    }

    /** How many frames {@link #next} has returned. */
    public int framesRead() {
        return read;
    }

    /**
     * The next frame, a copy the caller owns; {@code null} after the last frame or after {@code maxFrames}.
     *
     * @throws IOException naming the file if decoding fails
     */
    public ClipFrame next() throws IOException {
        if (read >= maxFrames) {
            return null;
        }
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new IOException("cannot decode frame " + read + " of " + file + ": " + e.getMessage(), e);
        }
        if (frame == null) {
            return null;
        }
        read++;
        return copy(frame);
    }

    /** Copies the grabber's reused frame, dropping row padding. */
    private static ClipFrame copy(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int row = 3 * w;
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        byte[] rgb = new byte[row * h];
        for (int y = 0; y < h; y++) {
            pixels.get(y * frame.imageStride, rgb, y * row, row);
        }
        return new ClipFrame(w, h, rgb);
    }

    /** One decoded frame: interleaved R, G, B bytes, row after row, no padding. */
    public record ClipFrame(int width, int height, byte[] rgb) {
    }

    @Override
    public void close() {
        releaseQuietly(grabber);
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close(); // stop() and release()
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing useful to do: the clip was read or had already failed
        }
    }
}
