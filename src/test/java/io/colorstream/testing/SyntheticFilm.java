package io.colorstream.testing;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import java.util.ArrayList;
import java.util.List;

/** Made-up film material for encoder tests: BGR pictures, colour frames, a sine tone as s16le chunks. */
public final class SyntheticFilm {
    private SyntheticFilm() {
    }

    /** A BGR24 picture with a gradient that moves with {@code n}, so every frame differs. */
    public static byte[] bgrFrame(int width, int height, int n) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                out[o] = (byte) ((x + 3 * n) & 0xFF);
                out[o + 1] = (byte) ((y + 2 * n) & 0xFF);
                out[o + 2] = (byte) ((x + y + n) & 0xFF);
            }
        }
        return out;
    }

    /**
     * A colour frame whose luma is a moving gradient and whose chroma (at {@code cw}x{@code ch}) is constant
     * a*, b*.
     */
    public static ColorFrame colorFrame(String videoId, long seq, int shot, long ptsMicros, int width, int height,
                                        int cw, int ch, int a, int b) {
        byte[] luma = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                luma[y * width + x] = (byte) (40 + ((x + y + (int) seq) % 160));
            }
        }
        byte[] chroma = new byte[cw * ch * 2];
        for (int i = 0; i < cw * ch; i++) {
            chroma[2 * i] = (byte) a;
            chroma[2 * i + 1] = (byte) b;
        }
        return new ColorFrame(videoId, seq, shot, ptsMicros, width, height, luma, cw, ch, chroma);
    }

    /** L code of a gray level, for building luma from sRGB. */
    public static byte lCodeOfGray(int v) {
        return ColorSpace.lCodeOfGray(v);
    }

    /**
     * {@code seconds} of a 440 Hz tone (left) and 660 Hz (right for stereo) as s16le chunks of
     * {@code chunkFrames} sample frames each.
     */
    public static List<AudioChunk> tone(String videoId, int sampleRate, int channels, double seconds,
                                        int chunkFrames) {
        long total = Math.round(seconds * sampleRate);
        List<AudioChunk> chunks = new ArrayList<>();
        long written = 0;
        long index = 0;
        while (written < total) {
            int frames = (int) Math.min(chunkFrames, total - written);
            byte[] pcm = new byte[frames * channels * 2];
            for (int i = 0; i < frames; i++) {
                double t = (written + i) / (double) sampleRate;
                for (int c = 0; c < channels; c++) {
                    short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * (440 + 220 * c) * t));
                    int o = (i * channels + c) * 2;
                    pcm[o] = (byte) s;
                    pcm[o + 1] = (byte) (s >> 8);
                }
            }
            chunks.add(new AudioChunk(videoId, index++, written * 1_000_000L / sampleRate, sampleRate, channels,
                    pcm));
            written += frames;
        }
        return chunks;
    }

    /** Facts as ingest first publishes them (no totals). */
    public static VideoFacts facts(String videoId, int width, int height, int rateNum, int rateDen,
                                   int audioRate, int audioChannels) {
        return new VideoFacts(videoId, "synthetic:" + videoId, width, height, rateNum, rateDen, -1, -1, "rawvideo",
                audioRate > 0 ? "pcm_s16le" : null, audioRate, audioChannels, null, null);
    }

    /** Frames per shot → the end markers of every shot. */
    public static List<ShotEnd> shotEnds(String videoId, long[] shotFrameCounts) {
        List<ShotEnd> ends = new ArrayList<>();
        for (int s = 0; s < shotFrameCounts.length; s++) {
            ends.add(new ShotEnd(videoId, s, shotFrameCounts[s]));
        }
        return ends;
    }
}
