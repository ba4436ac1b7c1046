package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.colorstream.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdcTest {
    private static final double LN2 = Math.log(2);
    private static final RgbImage BLACK = RgbImage.filled(2, 2, 0, 0, 0);
    private static final RgbImage WHITE = RgbImage.filled(2, 2, 255, 255, 255);

    @Test
    void identicalFramesAreZero() {
        RgbImage f = new RgbImage(4, 3, TestImages.noise(4, 3, 7));
        assertEquals(0.0, Cdc.of(List.of(f, f, f, f, f, f)), 1e-15);
    }

    @Test
    void disjointSingleBinHistogramsGiveLnTwo() {
        // Two frames: only d = 1 has a pair; every channel's histograms are disjoint single bins.
        assertEquals(LN2, Cdc.of(List.of(BLACK, WHITE)), 1e-12);
    }

    @Test
    void onlyOneChannelDifferingCountsOneThird() {
        assertEquals(LN2 / 3, Cdc.of(List.of(BLACK, RgbImage.filled(2, 2, 255, 0, 0))), 1e-12);
    }

    @Test
    void halfOverlappingHistograms() {
        // p = (½, ½, 0), q = (0, ½, ½) over gray levels 0, 1, 2: m = (¼, ½, ¼), JS = ½·½·ln2 + ½·½·ln2 = ln2/2
        RgbImage f0 = new RgbImage(2, 1, new byte[] {0, 0, 0, 1, 1, 1});
        RgbImage f1 = new RgbImage(2, 1, new byte[] {1, 1, 1, 2, 2, 2});
        assertEquals(LN2 / 2, Cdc.of(List.of(f0, f1)), 1e-12);
    }

    @Test
    void eachDilationAveragesOverItsOwnPairs() {
        // A A B: d=1 pairs (A,A)=0, (A,B)=ln2 → ln2/2; d=2 pair (A,B) → ln2; d=4 has no pair.
        assertEquals((LN2 / 2 + LN2) / 2, Cdc.of(List.of(BLACK, BLACK, WHITE)), 1e-12);
        // A A A A B: d=1: 1 of 4 pairs; d=2: 1 of 3 pairs; d=4: 1 of 1 pair; weights 1/3 each.
        assertEquals((LN2 / 4 + LN2 / 3 + LN2) / 3, Cdc.of(List.of(BLACK, BLACK, BLACK, BLACK, WHITE)), 1e-12);
    }

    @Test
    void jsDivergenceIsSymmetricAndBounded() {
        double[] p = {0.7, 0.2, 0.1, 0};
        double[] q = {0.1, 0, 0.3, 0.6};
        double js = Cdc.jsDivergence(p, q);
        assertEquals(js, Cdc.jsDivergence(q, p), 1e-15);
        assertEquals(true, js > 0 && js < LN2);
    }

    @Test
    void histogramsAreNormalizedInBgrOrder() {
        double[][] h = Cdc.histogramsBgr(new RgbImage(2, 1, new byte[] {10, 20, 30, 10, 20, 40}));
        assertEquals(0.5, h[0][30]);
        assertEquals(0.5, h[0][40]);
        assertEquals(1.0, h[1][20]);
        assertEquals(1.0, h[2][10]);
    }

    @Test
    void needsTwoFrames() {
        assertThrows(IllegalStateException.class, () -> Cdc.of(List.of(BLACK)));
    }
}
