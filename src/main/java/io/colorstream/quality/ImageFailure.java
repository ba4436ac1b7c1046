package io.colorstream.quality;

import java.nio.file.Path;

/** One input image that could not be processed, and why. */
public record ImageFailure(Path file, String reason) {
    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
