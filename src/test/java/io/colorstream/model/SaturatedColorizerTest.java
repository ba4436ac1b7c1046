package io.colorstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ConstantChromaColorizer;
import org.junit.jupiter.api.Test;

class SaturatedColorizerTest {
    @Test
    void scalesChromaKeepsHueAndStaysInRange() {
        byte[] luma = new byte[16];
        try (SaturatedColorizer half = new SaturatedColorizer(new ConstantChromaColorizer(2, 1, 40, -20), 0.5)) {
            assertArrayEquals(new float[] {20, -10, 20, -10}, half.colorize(luma, 4, 4));
        }
        try (SaturatedColorizer many = new SaturatedColorizer(new ConstantChromaColorizer(1, 1, 100, -100), 3)) {
            assertArrayEquals(new float[] {127, -128}, many.colorize(luma, 4, 4), "clamped to the a*b* range");
        }
    }

    @Test
    void closesTheModelItWrapsAndRefusesNonsense() {
        ConstantChromaColorizer inner = new ConstantChromaColorizer(1, 1, 1, 1);
        new SaturatedColorizer(inner, 1.2).close();
        assertTrue(inner.closed());
        assertThrows(IllegalArgumentException.class, () -> new SaturatedColorizer(inner, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new SaturatedColorizer(inner, Double.NaN));
    }
}
