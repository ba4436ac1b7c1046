package io.colorstream.quality;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at the end of a batch when some images failed. Everything that succeeded was written before it is
 * thrown; {@link #failures()} names each failed file and the reason.
 */
public final class FailedImagesException extends IOException {
    private final List<ImageFailure> failures;
    private final int succeeded;

    public FailedImagesException(List<ImageFailure> failures, int succeeded) {
        super(failures.size() + " image(s) failed (" + succeeded + " done):\n"
                + failures.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
        this.failures = List.copyOf(failures);
        this.succeeded = succeeded;
    }

    public List<ImageFailure> failures() {
        return failures;
    }

    /** How many images were processed and written despite the failures. */
    public int succeeded() {
        return succeeded;
    }
}
