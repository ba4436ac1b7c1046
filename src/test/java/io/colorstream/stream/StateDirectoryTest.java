package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    @TempDir
    Path base;

    @Test
    void twoInstancesNeverShareAndARestartGetsItsSlotBack() {
        Path first;
        try (StateDirectory a = StateDirectory.claim(base, "colorstream-colorize");
             StateDirectory b = StateDirectory.claim(base, "colorstream-colorize");
             StateDirectory other = StateDirectory.claim(base, "another-app")) {
            first = a.path();
            assertNotEquals(a.path(), b.path(), "a second instance takes another slot");
            assertTrue(Files.isDirectory(a.path()) && Files.isDirectory(b.path()));
            assertEquals(base.resolve("another-app/slot-0"), other.path(), "applications do not share");
        }
        try (StateDirectory again = StateDirectory.claim(base, "colorstream-colorize")) {
            assertEquals(first, again.path(), "a restarted instance finds its state again");
        }
    }

    @Test
    void theDefaultBaseBelongsToTheUser() {
        Path d = StateDirectory.defaultBase();
        String user = System.getProperty("user.name");
        assertTrue(d.startsWith(Path.of(System.getProperty("user.home"))) || d.toString().contains(user), d.toString());
    }
}
