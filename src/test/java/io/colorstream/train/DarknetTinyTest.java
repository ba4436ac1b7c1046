package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed classifier import recognises committed photos of known classes (Kodak, unrestricted use). */
class DarknetTinyTest {
    public static final Path CLASSIFIER = Path.of("models/darknet-tiny");
    private static DarknetTiny darknet;
    private static ImageNetClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        darknet = DarknetTiny.load(CLASSIFIER);
        classifier = new ImageNetClassifier(darknet);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static BufferedImage photo(String name) throws Exception {
        return ImageIO.read(DarknetTinyTest.class.getResource("/photos/" + name));
    }

    @Test
    void importsAllLayersWithTheDocumentedSize() {
        assertEquals(1000, darknet.classes().size());
        // 1.05 M parameters in the original; folding batch norm turns 4 BN vectors per layer into one bias.
        long p = darknet.parameters();
        assertTrue(p > 1_000_000 && p < 1_060_000, "parameters: " + p);
    }

    @Test
    void recognisesAParrot() throws Exception {
        List<String> top5 = classifier.labels(classifier.rank(photo("kodim23.png"), 5));
        assertTrue(top5.contains("macaw"), "top-5 for two parrots: " + top5);
    }

    @Test
    void recognisesABarn() throws Exception {
        List<String> top5 = classifier.labels(classifier.rank(photo("kodim22.png"), 5));
        assertTrue(top5.contains("barn"), "top-5 for a red barn: " + top5);
    }
}
