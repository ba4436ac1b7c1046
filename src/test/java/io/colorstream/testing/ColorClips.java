package io.colorstream.testing;

import io.colorstream.quality.RgbImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Colour clips for evaluation tests: frames in memory, and the same written as a real H.264 MP4. */
public final class ColorClips {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // keep x264's statistics out of the test log
    }

    private ColorClips() {
    }

    /** The same colourful picture (smooth gradients, no motion) in every frame. */
    public static List<RgbImage> still(int width, int height, int frames) {
        RgbImage picture = new RgbImage(width, height, TestImages.gradient(width, height, 7));
        List<RgbImage> clip = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            clip.add(picture);
        }
        return clip;
    }

    /**
     * A still colourful background with a bright yellow square moving {@code step} pixels right per frame, so
     * the clip has static areas and motion. Like real footage, the background carries a little grain (±2 levels,
     * new each frame), so even its static areas flicker slightly.
     */
    public static List<RgbImage> moving(int width, int height, int frames, int step) {
        byte[] background = TestImages.gradient(width, height, 3);
        int side = Math.max(2, height / 3);
        List<RgbImage> clip = new ArrayList<>();
        Random grain = new Random(11);
        for (int t = 0; t < frames; t++) {
            byte[] rgb = background.clone();
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xFF) + grain.nextInt(5) - 2));
            }
            int x0 = (t * step) % Math.max(1, width - side);
            for (int y = height / 3; y < height / 3 + side; y++) {
                for (int x = x0; x < x0 + side; x++) {
                    int o = 3 * (y * width + x);
                    rgb[o] = (byte) 250;
                    rgb[o + 1] = (byte) 220;
                    rgb[o + 2] = 20;
                }
            }
            clip.add(new RgbImage(width, height, rgb));
        }
        return clip;
    }

    /**
     * Four flat quadrants (top left red, top right green, bottom left blue, bottom right yellow): colours a
     * lossy codec keeps well away from the borders.
     */
    public static RgbImage quadrants(int width, int height) {
        int[][] colours = {{220, 30, 30}, {30, 200, 40}, {30, 40, 220}, {230, 220, 30}};
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] c = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
                int o = 3 * (y * width + x);
                rgb[o] = (byte) c[0];
                rgb[o + 1] = (byte) c[1];
                rgb[o + 2] = (byte) c[2];
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** Writes the frames as H.264 (yuv420p, near-lossless quality) in MP4; sizes must be even. */
    public static Path writeMp4(Path file, List<RgbImage> frames, int fps) throws Exception {
        RgbImage first = frames.get(0);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), first.width(), first.height());
             Frame frame = new Frame(first.width(), first.height(), Frame.DEPTH_UBYTE, 3)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoOption("crf", "10");
            recorder.start();
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            int row = 3 * first.width();
            for (RgbImage image : frames) {
                for (int y = 0; y < image.height(); y++) {
                    pixels.put(y * frame.imageStride, image.rgb(), y * row, row);
                }
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
        return file;
    }
}
