package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.colorstream.model.ColorSpace;
import org.junit.jupiter.api.Test;

class LumaDownscalerTest {
    private static final float EPS = 1e-4f;
    private final LumaDownscaler downscaler = new LumaDownscaler();

    private static float l(int code) {
        return code * 100f / 255f;
    }

    @Test
    void evenRatioAveragesBlocks() {
        byte[] luma = {
            0, 2, 10, 10,
            4, 6, 10, 10,
            (byte) 255, (byte) 255, 0, 0,
            (byte) 255, (byte) 255, 0, (byte) 200};
        float[] out = downscaler.downscale(luma, 4, 4, 2, 2, new float[4]);
        assertArrayEquals(new float[] {l(3), l(10), l(255), l(50)}, out, EPS);
    }

    @Test
    void fractionalRatioWeighsPartlyCoveredPixels() {
        // three source pixels onto two: each target covers 1.5 source pixels
        byte[] luma = {30, 60, 90};
        float[] out = downscaler.downscale(luma, 3, 1, 2, 1, new float[2]);
        // (30 + 0.5·60) / 1.5 = 40; (0.5·60 + 90) / 1.5 = 80
        assertArrayEquals(new float[] {l(40), l(80)}, out, EPS);
    }

    @Test
    void sameSizeConvertsCodesToLStar() {
        byte[] luma = {0, (byte) 128, (byte) 255};
        float[] out = downscaler.downscale(luma, 3, 1, 3, 1, new float[3]);
        assertArrayEquals(new float[] {ColorSpace.lOfCode(0), ColorSpace.lOfCode(128), 100f}, out, EPS);
    }

    @Test
    void smallerFramesAreStretched() {
        byte[] luma = {20, 40};
        float[] out = downscaler.downscale(luma, 2, 1, 4, 2, new float[8]);
        assertArrayEquals(new float[] {l(20), l(20), l(40), l(40), l(20), l(20), l(40), l(40)}, out, EPS);
    }

    @Test
    void reusedAcrossSizes() {
        downscaler.downscale(new byte[16], 4, 4, 2, 2, new float[4]);
        float[] out = downscaler.downscale(new byte[] {10, 20, 30, 40, 50, 60}, 6, 1, 2, 1, new float[2]);
        assertArrayEquals(new float[] {l(20), l(50)}, out, EPS);
    }
}
