package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VideoFilesTest {
    @Test
    void plainIdsAreTheirOwnNamesOthersAreMadeSafeAndDistinct() {
        assertEquals("reel-01_a.v2", VideoFiles.safeName("reel-01_a.v2"));
        String a = VideoFiles.safeName("archive/1952/reel 3");
        String b = VideoFiles.safeName("archive_1952_reel_3");
        assertTrue(a.matches("[A-Za-z0-9._-]+"), a);
        assertNotEquals(a, b);
        assertTrue(VideoFiles.safeName("../etc").matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"));
        assertThrows(IllegalArgumentException.class, () -> VideoFiles.safeName(""));
    }

    @Test
    void outputsGoWhereAsked() {
        Path dir = Path.of("/films");
        assertEquals(dir.resolve("reel.mp4"), VideoFiles.filmsIn(dir).apply("reel"));
        Path out = Path.of("/x/colour.mov");
        assertEquals(out, VideoFiles.single("reel", out).apply("reel"));
        assertThrows(IllegalArgumentException.class, () -> VideoFiles.single("reel", out).apply("other"));
    }

    @Test
    void aPartialFilmIsNamedSoBesideItsOutput() {
        assertEquals(Path.of("/x/colour.partial.mp4"), VideoFiles.partialFilm(Path.of("/x/colour.mp4")));
        assertEquals(Path.of("/x/reel.v2.partial.mkv"), VideoFiles.partialFilm(Path.of("/x/reel.v2.mkv")));
        assertEquals(Path.of("reel.partial"), VideoFiles.partialFilm(Path.of("reel")));
        assertEquals(Path.of("/x/.hidden.partial"), VideoFiles.partialFilm(Path.of("/x/.hidden")));
    }
}
