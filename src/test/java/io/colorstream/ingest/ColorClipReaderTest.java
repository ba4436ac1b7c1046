package io.colorstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.quality.RgbImage;
import io.colorstream.testing.ColorClips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColorClipReaderTest {
    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    Path tmp;

    private static List<RgbImage> readAll(Path clip, int maxFrames) throws IOException {
        List<RgbImage> frames = new ArrayList<>();
        try (ColorClipReader reader = ColorClipReader.open(clip, maxFrames)) {
            assertEquals(W, reader.width());
            assertEquals(H, reader.height());
            ColorClipReader.ClipFrame f;
            while ((f = reader.next()) != null) {
                frames.add(new RgbImage(f.width(), f.height(), f.rgb()));
            }
            assertEquals(frames.size(), reader.framesRead());
            assertNull(reader.next(), "stays at the end");
        }
        return frames;
    }

    @Test
    void readsEveryFrameWithItsColours() throws Exception {
        Path clip = ColorClips.writeMp4(tmp.resolve("quadrants.mp4"),
                Collections.nCopies(12, ColorClips.quadrants(W, H)), 25);
        List<RgbImage> frames = readAll(clip, ColorClipReader.ALL_FRAMES);
        assertEquals(12, frames.size());
        RgbImage expected = ColorClips.quadrants(W, H);
        for (RgbImage frame : frames) {
            assertEquals(W, frame.width());
            assertEquals(H, frame.height());
            // Quadrant centres, away from the edges where 4:2:0 chroma blurs.
            for (int[] p : new int[][] {{W / 4, H / 4}, {3 * W / 4, H / 4}, {W / 4, 3 * H / 4}, {3 * W / 4, 3 * H / 4}}) {
                int o = 3 * (p[1] * W + p[0]);
                for (int c = 0; c < 3; c++) {
                    int got = frame.rgb()[o + c] & 0xFF;
                    int want = expected.rgb()[o + c] & 0xFF;
                    assertTrue(Math.abs(got - want) <= 12, "pixel " + p[0] + "," + p[1] + " channel " + c
                            + ": " + got + " vs " + want);
                }
            }
        }
        assertNotSame(frames.get(0).rgb(), frames.get(1).rgb(), "each frame is a copy of the grabber's buffer");
    }

    @Test
    void framesDifferAsTheClipDoes() throws Exception {
        List<RgbImage> truth = ColorClips.moving(W, H, 6, 4);
        List<RgbImage> frames = readAll(ColorClips.writeMp4(tmp.resolve("moving.mp4"), truth, 25),
                ColorClipReader.ALL_FRAMES);
        assertEquals(6, frames.size());
        for (int t = 0; t < frames.size(); t++) {
            // The moving square's left edge: yellow inside, background just left of it.
            int x0 = 4 * t;
            int o = 3 * ((H / 3 + 4) * W + x0 + 4);
            assertTrue((frames.get(t).rgb()[o] & 0xFF) > 200 && (frames.get(t).rgb()[o + 2] & 0xFF) < 70,
                    "frame " + t + " shows the square where it was drawn");
        }
    }

    @Test
    void stopsAfterMaxFrames() throws Exception {
        Path clip = ColorClips.writeMp4(tmp.resolve("ten.mp4"), ColorClips.moving(W, H, 10, 2), 25);
        assertEquals(4, readAll(clip, 4).size());
        assertThrows(IllegalArgumentException.class, () -> ColorClipReader.open(clip, 0));
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("absent.mp4");
        var e = assertThrows(NoSuchFileException.class, () -> ColorClipReader.open(missing));
        assertTrue(e.getMessage().contains("absent.mp4"), e.getMessage());
    }

    @Test
    void unreadableFileIsNamed() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.mp4"), "this is not a video at all");
        var e = assertThrows(IOException.class, () -> ColorClipReader.open(junk));
        assertTrue(e.getMessage().startsWith("cannot read video ") && e.getMessage().contains("junk.mp4"),
                e.getMessage());
    }
}
