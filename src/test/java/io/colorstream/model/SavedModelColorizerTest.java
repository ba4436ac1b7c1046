package io.colorstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.colorstream.testing.TinySavedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SavedModel loaded with a bounded thread count colours exactly as with TensorFlow's default. */
class SavedModelColorizerTest {

    @Test
    void aModelLimitedToOneThreadGivesTheSameColour(@TempDir Path dir) throws Exception {
        Path model = TinySavedModel.write(dir.resolve("m"), 16, 12);
        byte[] luma = new byte[64 * 48];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) (i * 7);
        }
        float[] all;
        try (SavedModelColorizer c = SavedModelColorizer.load(model)) {
            all = c.colorize(luma, 64, 48);
        }
        try (SavedModelColorizer one = SavedModelColorizer.load(model, 1)) {
            assertArrayEquals(all, one.colorize(luma, 64, 48));
        }
        assertThrows(IllegalArgumentException.class, () -> SavedModelColorizer.load(model, -1));
    }

    @Test
    void theLuminanceItShrankForTheModelIsHandedBackInLStar(@TempDir Path dir) throws Exception {
        Path model = TinySavedModel.write(dir.resolve("m"), 16, 12);
        byte[] first = new byte[70 * 50];
        byte[] second = new byte[70 * 50];
        for (int i = 0; i < first.length; i++) {
            first[i] = (byte) (i * 7);
            second[i] = (byte) (255 - i % 70 * 3);
        }
        try (SavedModelColorizer c = SavedModelColorizer.load(model)) {
            float[][] shrunk = {new float[16 * 12], new float[16 * 12]};
            float[][] ab = c.colorizeBatch(java.util.List.of(first, second), 70, 50, shrunk);

            float[] expected = new float[16 * 12];
            Colorizer.shrink(second, 70, 50, 16, 12, expected); // what the smoother would otherwise shrink again
            assertArrayEquals(expected, shrunk[1], 1e-4f);
            Colorizer.shrink(first, 70, 50, 16, 12, expected);
            assertArrayEquals(expected, shrunk[0], 1e-4f);
            float max = 0;
            for (float v : shrunk[0]) {
                max = Math.max(max, v);
            }
            org.junit.jupiter.api.Assertions.assertTrue(max > 50f && max <= 100f, "L*, not L* / 100: " + max);
            assertArrayEquals(c.colorize(first, 70, 50), ab[0], "the same colour as without asking for it");
        }
    }

    @Test
    void warmingUpRunsTheModelWithoutChangingItsColour(@TempDir Path dir) throws Exception {
        Path model = TinySavedModel.write(dir.resolve("m"), 16, 12);
        byte[] luma = new byte[64 * 48];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) (i * 5);
        }
        float[] cold;
        try (SavedModelColorizer c = SavedModelColorizer.load(model)) {
            cold = c.colorize(luma, 64, 48);
        }
        try (SavedModelColorizer warm = SavedModelColorizer.load(model)) {
            warm.warmUp(4, 1);
            assertArrayEquals(cold, warm.colorize(luma, 64, 48));
            assertThrows(IllegalArgumentException.class, () -> warm.warmUp(0));
        }
    }
}
