package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlickerTest {
    private static LabImage lab(float[] l, float[] a, float[] b) {
        return new LabImage(l.length, 1, l, a, b);
    }

    @Test
    void handComputedOverThreeFrames() {
        LabImage f0 = lab(new float[] {50, 50}, new float[] {0, 10}, new float[] {0, 0});
        // pixel 0: ΔL 1, static: |3| + |−4| = 7; pixel 1: ΔL 10, moving: ignored
        LabImage f1 = lab(new float[] {51, 60}, new float[] {3, 0}, new float[] {-4, 0});
        // pixel 0: ΔL 1.5, static: 0; pixel 1: ΔL 1, static: |20| + |5| = 25
        LabImage f2 = lab(new float[] {52.5f, 61}, new float[] {3, 20}, new float[] {-4, 5});
        Flicker flicker = new Flicker();
        List.of(f0, f1, f2).forEach(flicker::add);
        assertEquals(3, flicker.staticPixels());
        assertEquals(32.0 / 3, flicker.value(), 1e-9);
    }

    @Test
    void lightnessChangeOfTwoIsNotStatic() {
        LabImage f0 = lab(new float[] {50}, new float[] {0}, new float[] {0});
        LabImage f1 = lab(new float[] {52}, new float[] {30}, new float[] {30});
        assertTrue(Double.isNaN(Flicker.ofLab(List.of(f0, f1))), "no static pixel: NaN");
    }

    @Test
    void steadyClipIsZeroAndRgbPathAgreesWithLabPath() {
        RgbImage a = new RgbImage(6, 5, TestImages.gradient(6, 5, 1));
        RgbImage b = new RgbImage(6, 5, TestImages.gradient(6, 5, 2)); // small noise changes
        assertEquals(0.0, Flicker.ofRgb(List.of(a, a, a)), 0.0);
        double viaRgb = Flicker.ofRgb(List.of(a, b, a));
        assertEquals(Flicker.ofLab(List.of(LabImage.fromRgb(a), LabImage.fromRgb(b), LabImage.fromRgb(a))),
                viaRgb, 0.0);
        assertTrue(viaRgb > 0);
    }

    @Test
    void needsTwoFramesOfOneSize() {
        assertThrows(IllegalStateException.class, () -> Flicker.ofRgb(List.of(RgbImage.filled(2, 2, 0, 0, 0))));
        assertThrows(IllegalArgumentException.class,
                () -> Flicker.ofRgb(List.of(RgbImage.filled(2, 2, 0, 0, 0), RgbImage.filled(1, 4, 0, 0, 0))));
    }
}
