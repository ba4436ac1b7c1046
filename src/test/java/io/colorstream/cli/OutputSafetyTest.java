package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ClipGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's film is sacred: {@code run} refuses, before any work (no broker, no model), an output that is the input
 * by path, symlink or hard link, or whose partial film would be the input, and an existing output without
 * {@code --overwrite}; the input stays byte for byte what it was.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OutputSafetyTest {
    @TempDir
    Path dir;

    private record Case(String name, Path output, String expected) {
    }

    @Test
    void runNeverWritesOverItsInputNorReplacesAFileUnasked() throws Exception {
        Path film = ClipGenerator.gray(64, 48, 25, 10).writeTo(dir.resolve("film.mp4"));
        byte[] original = Files.readAllBytes(film);
        Path existing = Files.writeString(dir.resolve("earlier-colour.mp4"), "an earlier result");
        Files.createDirectories(dir.resolve("sub"));
        List<Case> cases = List.of(
                new Case("same path", film, "is the input film itself"),
                new Case("other spelling", dir.resolve("sub/../film.mp4"), "is the input film itself"),
                new Case("symlink", Files.createSymbolicLink(dir.resolve("link.mp4"), film), "through a symlink"),
                new Case("hard link", Files.createLink(dir.resolve("hard.mp4"), film), "is the input film itself"),
                new Case("existing output", existing, "--overwrite"));
        for (Case c : cases) {
            for (boolean overwrite : new boolean[] {false, true}) {
                if (overwrite && c.name().equals("existing output")) {
                    continue;
                }
                CommandLineTest.Outcome o = overwrite
                        ? CommandLineTest.run("run", film.toString(), "-o", c.output().toString(), "--overwrite")
                        : CommandLineTest.run("run", film.toString(), "-o", c.output().toString());
                assertEquals(2, o.code(), c.name() + ": " + o.err());
                assertTrue(o.err().contains(c.expected()), c.name() + ": " + o.err());
                assertArrayEquals(original, Files.readAllBytes(film), c.name() + ": the input is untouched");
            }
        }
        assertEquals("an earlier result", Files.readString(existing));
        assertFalse(Files.exists(dir.resolve(".film.mp4.parts")), "no work began");
    }

    @Test
    void theInputIsNotThePartialFilmEither() throws Exception {
        Path film = ClipGenerator.gray(64, 48, 25, 10).writeTo(dir.resolve("reel.partial.mp4"));
        CommandLineTest.Outcome o = CommandLineTest.run("run", film.toString(), "-o", dir.resolve("reel.mp4").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("partial film"), o.err());
    }

    @Test
    void aCodecTheOutputCannotHoldIsRefusedBeforeAnyWork() throws Exception {
        Path film = ClipGenerator.gray(64, 48, 25, 10).writeTo(dir.resolve("reel.mp4"));
        CommandLineTest.Outcome o = CommandLineTest.run("run", film.toString(), "-o",
                dir.resolve("master.mp4").toString(), "--codec", "prores");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(".mov, .mkv"), o.err());
        CommandLineTest.Outcome unknown = CommandLineTest.run("run", film.toString(), "-o",
                dir.resolve("master.mkv").toString(), "--codec", "mpeg2");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("h264, h265, prores or ffv1"), unknown.err());
    }
}
