package io.colorstream.testing;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Each frame of a video file decoded by FFmpeg: its timestamp and mean B, G, R. */
public record FrameColours(List<Long> timesMicros, List<double[]> meanBgr) {

    public static FrameColours of(Path video) throws Exception {
        List<Long> times = new ArrayList<>();
        List<double[]> colours = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                ByteBuffer b = (ByteBuffer) f.image[0];
                double[] sum = new double[3];
                for (int y = 0; y < f.imageHeight; y++) {
                    for (int x = 0; x < f.imageWidth; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum[c] += b.get(y * f.imageStride + x * 3 + c) & 0xff;
                        }
                    }
                }
                for (int c = 0; c < 3; c++) {
                    sum[c] /= f.imageWidth * f.imageHeight;
                }
                times.add(f.timestamp);
                colours.add(sum);
            }
        }
        return new FrameColours(times, colours);
    }

    /** The frames of several files, one after another. */
    public static FrameColours ofAll(List<Path> videos) throws Exception {
        List<Long> times = new ArrayList<>();
        List<double[]> colours = new ArrayList<>();
        for (Path v : videos) {
            FrameColours c = of(v);
            times.addAll(c.timesMicros());
            colours.addAll(c.meanBgr());
        }
        return new FrameColours(times, colours);
    }

    public int frames() {
        return timesMicros.size();
    }
}
