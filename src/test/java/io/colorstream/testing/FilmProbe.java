package io.colorstream.testing;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * What a written film holds, read back with FFmpeg: streams, codecs, rates, durations, and every decoded video
 * frame's timestamp (and optionally the first frame's BGR pixels).
 */
public record FilmProbe(String videoCodec, int width, int height, int frameRateNum, int frameRateDen,
                        double averageFrameRate, double videoDurationSeconds, int videoProfile, String audioCodec,
                        int audioSampleRate, int audioChannels, double audioDurationSeconds, List<Long> framePts,
                        long decodedAudioSamples, byte[] firstFrameBgr, int colorPrimaries, int colorTransfer,
                        int colorMatrix) {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // keep x264's statistics out of the test log
    }

    /** Quiets FFmpeg's logging (x264 prints statistics at INFO). */
    public static void quietFfmpeg() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    public static FilmProbe of(Path film) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(film.toFile())) {
            g.start();
            AVFormatContext fc = g.getFormatContext();
            String vCodec = null;
            String aCodec = null;
            int rNum = 0;
            int rDen = 1;
            double vDur = -1;
            double aDur = -1;
            int profile = -1;
            int primaries = -1;
            int transfer = -1;
            int matrix = -1;
            for (int i = 0; i < fc.nb_streams(); i++) {
                AVStream st = fc.streams(i);
                int type = st.codecpar().codec_type();
                double tb = avutil.av_q2d(st.time_base());
                if (type == AVMEDIA_TYPE_VIDEO) {
                    vCodec = avcodec.avcodec_get_name(st.codecpar().codec_id()).getString();
                    rNum = st.r_frame_rate().num();
                    rDen = st.r_frame_rate().den();
                    vDur = st.duration() * tb;
                    profile = st.codecpar().profile();
                    primaries = st.codecpar().color_primaries();
                    transfer = st.codecpar().color_trc();
                    matrix = st.codecpar().color_space();
                } else if (type == AVMEDIA_TYPE_AUDIO) {
                    aCodec = avcodec.avcodec_get_name(st.codecpar().codec_id()).getString();
                    aDur = st.duration() * tb;
                }
            }
            int width = g.getImageWidth();
            int height = g.getImageHeight();
            double avgRate = g.getVideoFrameRate();
            int sampleRate = g.getSampleRate();
            int channels = g.getAudioChannels();
            List<Long> pts = new ArrayList<>();
            long samples = 0;
            byte[] first = null;
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) {
                    pts.add(f.timestamp);
                    if (first == null) {
                        first = bgrOf(f);
                    }
                }
                if (f.samples != null) {
                    samples += f.samples[0].limit() / (f.samples.length > 1 ? 1 : Math.max(1, channels));
                }
            }
            g.stop();
            return new FilmProbe(vCodec, width, height, rNum, rDen, avgRate, vDur, profile, aCodec, sampleRate,
                    channels, aDur, pts, samples, first, primaries, transfer, matrix);
        }
    }

    private static byte[] bgrOf(Frame f) {
        java.nio.ByteBuffer buf = (java.nio.ByteBuffer) f.image[0];
        byte[] out = new byte[f.imageWidth * f.imageHeight * 3];
        for (int y = 0; y < f.imageHeight; y++) {
            for (int i = 0; i < f.imageWidth * 3; i++) {
                out[y * f.imageWidth * 3 + i] = buf.get(y * f.imageStride + i);
            }
        }
        return out;
    }

    public int frames() {
        return framePts.size();
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
