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
