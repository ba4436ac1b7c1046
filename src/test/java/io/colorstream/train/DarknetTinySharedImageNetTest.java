package io.colorstream.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Top-5 accuracy of the imported classifier on the ImageNet sample in ../shared (label in each file name).
 * Skipped when ../shared is absent; {@link DarknetTinyTest} always runs.
 */
class DarknetTinySharedImageNetTest {
    private static final Path IMAGENET = Path.of("../shared/data/train/imagenet");

    @Test
    void topFiveAccuracyIsAtLeastEightyPercent() throws Exception {
        assumeTrue(Files.isDirectory(IMAGENET), "../shared/data/train/imagenet is absent");
        DarknetTiny darknet = DarknetTiny.load(DarknetTinyTest.CLASSIFIER);
        List<String> labels = new ArrayList<>();
        for (String c : darknet.classes()) {
            labels.add(normalise(c));
        }
        int seen = 0;
        int hits = 0;
        int unmatched = 0;
        try (ImageNetClassifier classifier = new ImageNetClassifier(darknet)) {
            for (Path p : TrainingSet.imageFiles(IMAGENET)) {
                String name = p.getFileName().toString();
                String label = normalise(name.substring(name.indexOf('_') + 1, name.lastIndexOf('.')));
                if (!labels.contains(label)) {
                    unmatched++;
                    continue;
                }
                BufferedImage img = ImageIO.read(p.toFile());
                if (img == null) {
                    continue;
                }
                seen++;
                for (int k : classifier.rank(img, 5)) {
                    if (labels.get(k).equals(label)) {
                        hits++;
                        break;
                    }
                }
            }
        }
        double top5 = (double) hits / seen;
        System.out.printf(Locale.ROOT, "Darknet-tiny top-5 on %d ImageNet photos: %.1f %% (%d names unmatched)%n",
                seen, 100 * top5, unmatched);
        assertTrue(seen > 500, "too few labelled photos matched: " + seen);
        assertTrue(top5 >= 0.80, "top-5 " + top5);
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ').trim();
    }
}
