package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ColorClips;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmContactSheetTest {
    @Test
    void showsTheChosenFramesOfBothFilmsSideBySide(@TempDir Path dir) throws Exception {
        Path a = ColorClips.writeMp4(dir.resolve("a.mp4"), ColorClips.moving(64, 48, 8, 2), 8);
        Path b = ColorClips.writeMp4(dir.resolve("b.mp4"), ColorClips.still(64, 48, 8), 8);
        Path png = dir.resolve("sheet.png");
        assertEquals(3, FilmContactSheet.write(a, b, new int[] {6, 1, 3}, 60, png));
        BufferedImage sheet = ImageIO.read(png.toFile());
        assertEquals(3 * (16 + 60 + 4) + 4, sheet.getHeight(), "three labelled rows");
        assertEquals(4 + 2 * (80 + 4), sheet.getWidth(), "two 80-pixel columns (64x48 at height 60)");
    }

    @Test
    void framesBeyondBothFilmsAreAClearError(@TempDir Path dir) throws Exception {
        Path a = ColorClips.writeMp4(dir.resolve("a.mp4"), ColorClips.still(64, 48, 4), 8);
        var e = assertThrows(IOException.class, () -> FilmContactSheet.write(a, a, new int[] {50}, 60,
                dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("none of the frames"), e.getMessage());
    }
}
