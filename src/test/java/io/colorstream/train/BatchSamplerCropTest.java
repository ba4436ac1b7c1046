package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BatchSamplerCropTest {
    private static final int IN = FusedColorizerNet.INPUT_SIZE;
    private static final int OUT = FusedColorizerNet.OUTPUT_SIZE;

    /** L codes that rise with x (0..223), so a sample's value says which column it came from. */
    private static byte[] columnRamp() {
        byte[] l = new byte[IN * IN];
        for (int y = 0; y < IN; y++) {
            for (int x = 0; x < IN; x++) {
                l[y * IN + x] = (byte) x;
            }
        }
        return l;
    }

    @Test
    void theWholePhotoIsReproducedExactlyAndMirrored() {
        byte[] l = columnRamp();
        float[] plain = new float[IN * IN];
        BatchSampler.sample(l, IN, 1, BatchSampler.Crop.WHOLE, 1, false, plain, 0, 1f);
        float[] expected = new float[IN * IN];
        for (int i = 0; i < l.length; i++) {
            expected[i] = l[i] & 0xFF;
        }
        assertArrayEquals(expected, plain);
        float[] mirrored = new float[IN * IN];
        BatchSampler.sample(l, IN, 1, BatchSampler.Crop.WHOLE, 1, true, mirrored, 0, 1f);
        assertEquals(IN - 1, mirrored[0]);
        assertEquals(0, mirrored[IN - 1]);
    }

    @Test
    void lumaAndChromaCropsCoverTheSamePartOfThePhoto() {
        // The crop is the right half; luma columns 112..223 and chroma columns 28..55 must fill the output.
        BatchSampler.Crop right = new BatchSampler.Crop(IN / 2, 0, IN / 2, IN);
        float[] luma = new float[IN * IN];
        BatchSampler.sample(columnRamp(), IN, 1, right, 1, false, luma, 0, 1f);
        byte[] ab = new byte[OUT * OUT * 2];
        for (int y = 0; y < OUT; y++) {
            for (int x = 0; x < OUT; x++) {
                ab[(y * OUT + x) * 2] = (byte) (x - 28);   // a* says the column, signed
                ab[(y * OUT + x) * 2 + 1] = (byte) -y;      // b* says the row
            }
        }
        float[] chroma = new float[OUT * OUT * 2];
        BatchSampler.sample(ab, OUT, 2, right, IN / OUT, false, chroma, 0, 1f);
        assertEquals(112, luma[0], 0.5);
        assertEquals(223, luma[IN - 1], 0.5);
        assertEquals(0, chroma[0], 0.5, "left edge of the chroma crop is column 28 (a* 0)");
        assertEquals(27, chroma[(OUT - 1) * 2], 0.5, "right edge is column 55");
        assertEquals(-(OUT - 1), chroma[((OUT - 1) * OUT) * 2 + 1], 1e-6, "rows untouched: the crop is full height");
        // Halfway across, luma and chroma point at the same place of the photo (column 168 = chroma 42).
        assertEquals(168, luma[IN / 2], 1.0);
        assertEquals(42 - 28, chroma[(OUT / 2) * 2], 0.5);
    }

    @Test
    void aSmallerInputSeesTheSamePartOfThePhotoAtFewerPixels() {
        // The 160-pixel network's batch: the whole photo's ramp shrunk, luma and chroma still aligned.
        int in = 160;
        int out = 40;
        float[] luma = new float[in * in];
        BatchSampler.sample(columnRamp(), IN, 1, BatchSampler.Crop.WHOLE, 1, false, luma, 0, 1f, in);
        byte[] ab = new byte[OUT * OUT * 2];
        for (int y = 0; y < OUT; y++) {
            for (int x = 0; x < OUT; x++) {
                ab[(y * OUT + x) * 2] = (byte) x;
            }
        }
        float[] chroma = new float[out * out * 2];
        BatchSampler.sample(ab, OUT, 2, BatchSampler.Crop.WHOLE, IN / OUT, false, chroma, 0, 1f, out);
        for (int x = 0; x < in; x++) {
            // Destination pixel x covers source columns 1.4x .. 1.4(x+1): its centre is 1.4(x + 0.5) − 0.5.
            double centre = Math.min(IN - 1, Math.max(0, 1.4 * (x + 0.5) - 0.5));
            assertEquals(centre, luma[(in / 2) * in + x], 1e-3, "column " + x);
        }
        for (int x = 0; x < out; x++) {
            // The same place of the photo in both planes: chroma column x is luma columns 4x .. 4x + 3.
            double lumaThere = (luma[4 * x] + luma[4 * x + 1] + luma[4 * x + 2] + luma[4 * x + 3]) / 4;
            assertEquals((lumaThere + 0.5) / 4 - 0.5, chroma[x * 2], 1e-3, "chroma column " + x);
        }
        float[] mirrored = new float[in * in];
        BatchSampler.sample(columnRamp(), IN, 1, BatchSampler.Crop.WHOLE, 1, true, mirrored, 0, 1f, in);
        assertEquals(luma[in - 1], mirrored[0], 1e-6);
    }
}
