package io.colorstream.train;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated training photos for the trainer's tests. */
final class TrainingPhotos {
    private TrainingPhotos() {
    }

    /** Sky over grass with some noise: colours a network can learn in a few dozen steps. */
    static Path skyOverGrass(Path dir, String name, int count, long seed) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
            int horizon = 30 + r.nextInt(36);
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    int n = r.nextInt(21) - 10;
                    int rgb = y < horizon
                            ? rgb(90 + n, 150 + n, 230 + n / 2)    // sky
                            : rgb(60 + n, 140 + n + y / 4, 40 + n); // grass
                    img.setRGB(x, y, rgb);
                }
            }
            ImageIO.write(img, "png", folder.resolve("p" + i + ".png").toFile());
        }
        return folder;
    }

    private static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
