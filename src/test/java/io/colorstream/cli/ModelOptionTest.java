package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model}: a shipped model can be named from any directory, and a user's own directory wins. */
class ModelOptionTest {
    private final String homeBefore = System.getProperty(ModelOption.HOME_PROPERTY);

    @AfterEach
    void restoreHome() {
        if (homeBefore == null) {
            System.clearProperty(ModelOption.HOME_PROPERTY);
        } else {
            System.setProperty(ModelOption.HOME_PROPERTY, homeBefore);
        }
    }

    @Test
    void aRelativeModelMissingHereIsTheInstallationsAndOneHereIsTheUsers(@TempDir Path home) throws Exception {
        Path shipped = Files.createDirectories(home.resolve("models/only-in-the-installation"));
        System.setProperty(ModelOption.HOME_PROPERTY, home.toString());

        assertEquals(shipped, ModelOption.installed(Path.of("models/only-in-the-installation")));
        // Present in the working directory (the repository's own models): the user's path as given.
        Files.createDirectories(home.resolve("src/test"));
        assertEquals(Path.of("src/test"), ModelOption.installed(Path.of("src/test")));
        // Missing in both: left as given, so the loader names the path the user typed.
        assertEquals(Path.of("models/nowhere"), ModelOption.installed(Path.of("models/nowhere")));
        Path absolute = home.resolve("elsewhere");
        assertEquals(absolute, ModelOption.installed(absolute));
    }
}
