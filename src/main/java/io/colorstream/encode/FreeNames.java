package io.colorstream.encode;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a finished file its name without ever replacing a file that is there: the first free one of
 * {@code film.mp4}, {@code film-2.mp4}, {@code film-3.mp4}, … A hard link claims the name atomically (it fails if
 * the name exists, where a rename would replace), so a file that appears between a check and the move is safe too.
 */
final class FreeNames {
    private static final Logger LOG = LoggerFactory.getLogger(FreeNames.class);
    private static final int MAX_TRIES = 10_000;

    private FreeNames() {
    }

    /** Moves {@code source} to {@code wanted} or its first free variant beside it; returns where it went. */
    static Path moveToFreeName(Path source, Path wanted) throws IOException {
        String name = wanted.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; n <= MAX_TRIES; n++) {
            Path candidate = n == 1 ? wanted : wanted.resolveSibling(base + "-" + n + ext);
            try {
                Files.createLink(candidate, source);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (UnsupportedOperationException e) {
                // A file system without hard links: check, then rename (a race here could still replace).
                if (Files.exists(candidate)) {
                    continue;
                }
                Files.move(source, candidate, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return warnIfRenamed(wanted, candidate);
            }
            Files.delete(source);
            return warnIfRenamed(wanted, candidate);
        }
        throw new IOException("no free name beside " + wanted + " after " + MAX_TRIES + " tries");
    }

    private static Path warnIfRenamed(Path wanted, Path written) {
        if (!written.equals(wanted)) {
            LOG.warn("{} exists and is kept (no --overwrite): the film is written as {}", wanted, written);
        }
        return written;
    }
}
