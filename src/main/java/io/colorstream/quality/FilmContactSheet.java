package io.colorstream.quality;

import io.colorstream.ingest.ColorClipReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Before | after: chosen frames of a film and of its colorized version side by side, as a PNG. */
public final class FilmContactSheet {
    private FilmContactSheet() {
    }

    /**
     * @param frames 0-based frame numbers to show, ascending
     * @return how many rows were written
     */
    public static int write(Path before, Path after, int[] frames, int cellHeight, Path png) throws IOException {
        int[] wanted = frames.clone();
        Arrays.sort(wanted);
        ContactSheet sheet = new ContactSheet(wanted.length, cellHeight, "before", "after");
        try (ColorClipReader a = ColorClipReader.open(before); ColorClipReader b = ColorClipReader.open(after)) {
            int next = 0;
            for (int i = 0; next < wanted.length; i++) {
                ColorClipReader.ClipFrame fa = a.next();
                ColorClipReader.ClipFrame fb = b.next();
                if (fa == null || fb == null) {
                    break;
                }
                if (i == wanted[next]) {
                    sheet.addRow("frame " + i, new RgbImage(fa.width(), fa.height(), fa.rgb()),
                            new RgbImage(fb.width(), fb.height(), fb.rgb()));
                    next++;
                }
            }
            if (next == 0) {
                throw new IOException("none of the frames " + Arrays.toString(frames) + " is in both films");
            }
            ImageIO.write(sheet.render(), "png", png.toFile());
            return next;
        }
    }
}
