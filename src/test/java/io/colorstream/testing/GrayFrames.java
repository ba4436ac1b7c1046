package io.colorstream.testing;

import io.colorstream.model.ColorSpace;
import io.colorstream.wire.GrayFrame;
import java.util.Arrays;
import java.util.Random;

/** Gray frames for tests: uniform, split into two halves, or noise. Luminance is given in L*. */
public final class GrayFrames {
    private GrayFrames() {
    }

    public static GrayFrame uniform(String videoId, long seq, int shot, int width, int height, double lStar) {
        byte[] luma = new byte[width * height];
        Arrays.fill(luma, (byte) ColorSpace.lCode(lStar));
        return frame(videoId, seq, shot, width, height, luma);
    }

    /** Left half at {@code leftL}, right half at {@code rightL} (width must be even). */
    public static GrayFrame halves(String videoId, long seq, int shot, int width, int height, double leftL,
                                   double rightL) {
        byte[] luma = new byte[width * height];
        byte left = (byte) ColorSpace.lCode(leftL);
        byte right = (byte) ColorSpace.lCode(rightL);
        for (int y = 0; y < height; y++) {
            Arrays.fill(luma, y * width, y * width + width / 2, left);
            Arrays.fill(luma, y * width + width / 2, (y + 1) * width, right);
        }
        return frame(videoId, seq, shot, width, height, luma);
    }

    public static GrayFrame noise(String videoId, long seq, int shot, int width, int height, long randomSeed) {
        byte[] luma = new byte[width * height];
        new Random(randomSeed).nextBytes(luma);
        return frame(videoId, seq, shot, width, height, luma);
    }

    public static GrayFrame frame(String videoId, long seq, int shot, int width, int height, byte[] luma) {
        return new GrayFrame(videoId, seq, shot, seq * 40_000L, width, height, luma);
    }
}
