package io.colorstream.encode;

import java.nio.file.Path;

/**
 * A film could not be finished whole (its input broke, a record of it was unusable, its ingest went silent), so
 * what was written is only its beginning: the frames before the break are kept in {@link #film()} (beside the
 * output, never in its place), and this failure says the film is not whole and why.
 */
public final class PartialFilmException extends RuntimeException {
    private final transient Path film;
    private final long frames;

    public PartialFilmException(String videoId, Path film, long frames, String interruption) {
        super("video " + videoId + " is incomplete: " + interruption + "; the " + frames
                + " frames before the break are in " + film);
        this.film = film;
        this.frames = frames;
    }

    /** The partial film. */
    public Path film() {
        return film;
    }

    /** Frames in the partial film. */
    public long frames() {
        return frames;
    }
}
