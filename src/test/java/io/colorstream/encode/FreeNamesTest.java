package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeNamesTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedFileNeverReplacesOneThatIsThere() throws Exception {
        Path wanted = dir.resolve("film.mp4");
        Path first = FreeNames.moveToFreeName(Files.writeString(dir.resolve("t1"), "one"), wanted);
        assertEquals(wanted, first);
        Files.writeString(dir.resolve("film-2.mp4"), "someone else's");
        Path third = FreeNames.moveToFreeName(Files.writeString(dir.resolve("t2"), "two"), wanted);
        assertEquals(dir.resolve("film-3.mp4"), third);
        assertEquals("one", Files.readString(wanted));
        assertEquals("someone else's", Files.readString(dir.resolve("film-2.mp4")));
        assertEquals("two", Files.readString(third));
        assertFalse(Files.exists(dir.resolve("t1")) || Files.exists(dir.resolve("t2")), "sources are moved");
    }
}
