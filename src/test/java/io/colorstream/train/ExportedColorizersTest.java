package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A colorizer is read back out of its export exactly, and a model it cannot read back is refused by name. */
class ExportedColorizersTest {
    private static DarknetTiny darknet;

    @BeforeAll
    static void loadClassifier() throws Exception {
        darknet = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
    }

    @Test
    void anExportIsReadBackToTheWeightsAndStatisticsItWasMadeFrom(@TempDir Path dir) throws Exception {
        ModelExporter.Trained trained = RandomColorizers.random(11);
        ModelExporter.export(trained, darknet, 1.0, dir.resolve("a"), "a-1", Map.of("steps", 5));

        ExportedColorizers.Member m = ExportedColorizers.read(dir.resolve("a"), darknet);

        assertEquals("a-1", m.metadata().version());
        assertEquals(trained.weights().keySet(), m.trained().weights().keySet());
        for (var e : trained.weights().entrySet()) {
            assertArrayEquals(e.getValue(), m.trained().weights().get(e.getKey()), 0f, e.getKey());
        }
        assertArrayEquals(trained.featureMean(), m.trained().featureMean(), 0f);
        for (int i = 0; i < trained.featureStd().length; i++) {
            float s = trained.featureStd()[i];
            assertEquals(s, m.trained().featureStd()[i], 2 * Math.ulp(s), "std[" + i + "] (stored as 1/std)");
        }
    }

    @Test
    void aModelWhoseGraphDoesNotMatchItsMetadataIsRefused(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        ModelExporter.export(RandomColorizers.random(12), darknet, 1.0, a, "a", Map.of());
        // Same graph, but metadata claiming another read-out temperature: rebuilt, it colours differently.
        ModelMetadata m = ModelMetadata.read(a);
        new ModelMetadata(m.formatVersion(), m.name(), m.version(), m.inputWidth(), m.inputHeight(), m.inputName(),
                m.outputName(), m.signature(), 0.3, m.training()).write(a);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportedColorizers.read(a, darknet));
        assertTrue(e.getMessage().contains("cannot read the colorizer in " + a) && e.getMessage().contains("differs"),
                e.getMessage());
    }

    @Test
    void aDirectoryWithoutAModelIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportedColorizers.read(dir, darknet));
        assertTrue(e.getMessage().contains(dir + " has no colorizer.json"), e.getMessage());
    }
}
