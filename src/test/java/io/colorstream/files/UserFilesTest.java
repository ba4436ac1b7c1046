package io.colorstream.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {
    @TempDir
    Path dir;

    @Test
    void theInputByPathSymlinkOrHardLinkIsNeverAWritableOutput() throws Exception {
        Path film = Files.writeString(dir.resolve("film.mp4"), "the master");
        Path symlink = Files.createSymbolicLink(dir.resolve("link.mp4"), film);
        Path hardLink = Files.createLink(dir.resolve("hard.mp4"), film);
        Path otherSpelling = dir.resolve("sub/../film.mp4");
        Files.createDirectories(dir.resolve("sub"));
        for (Path out : new Path[] {film, symlink, hardLink, otherSpelling}) {
            Optional<String> why = UserFiles.whyNotWritable("OUT", out, film, true);
            assertTrue(why.isPresent(), "refused even with --overwrite: " + out);
            assertTrue(why.get().contains("is the input film itself"), why.get());
        }
        assertEquals("the master", Files.readString(film));
    }

    @Test
    void anExistingFileIsKeptUnlessOverwriteIsGiven() throws Exception {
        Path input = Files.writeString(dir.resolve("in.mp4"), "in");
        Path existing = Files.writeString(dir.resolve("out.mp4"), "earlier result");
        Optional<String> why = UserFiles.whyNotWritable("OUT", existing, input, false);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("--overwrite"), why.get());
        assertFalse(UserFiles.whyNotWritable("OUT", existing, input, true).isPresent());
        assertFalse(UserFiles.whyNotWritable("OUT", dir.resolve("new.mp4"), input, false).isPresent());
        assertTrue(UserFiles.whyNotWritable("OUT", dir, input, true).get().contains("directory"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.mp4"), dir.resolve("nowhere.mp4"));
        assertTrue(UserFiles.whyNotWritable("OUT", dangling, input, false).isPresent(), "a link is a file there");
    }

    @Test
    void differentFilesAreNotTheSame() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x");
        Path b = Files.writeString(dir.resolve("b"), "x");
        assertFalse(UserFiles.isSameFile(a, b));
        assertFalse(UserFiles.isSameFile(a, dir.resolve("missing")));
    }
}
