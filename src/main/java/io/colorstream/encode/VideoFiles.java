package io.colorstream.encode;

import io.colorstream.names.SafeNames;
import java.nio.file.Path;
import java.util.function.Function;

/** Where a video's film and scratch files go, from its id (ids may hold characters no file name should). */
public final class VideoFiles {
    private VideoFiles() {
    }

    /** {@code dir/<videoId>.mp4}, with the id made safe as a file name. */
    public static Function<String, Path> filmsIn(Path dir) {
        return filmsIn(dir, ".mp4");
    }

    /** {@code dir/<videoId><extension>}. */
    public static Function<String, Path> filmsIn(Path dir, String extension) {
        return videoId -> dir.resolve(safeName(videoId) + extension);
    }

    /** One video to one explicit path (as {@code run IN -o OUT} needs); any other id has no place. */
    public static Function<String, Path> single(String videoId, Path output) {
        return id -> {
            if (!id.equals(videoId)) {
                throw new IllegalArgumentException("no output is set for video " + id + " (only for " + videoId + ")");
            }
            return output;
        };
    }

    /**
     * Where the frames of a film whose input broke go: beside the output, {@code film.partial.mp4} for
     * {@code film.mp4}, so a partial film never replaces a whole one and its name says what it is.
     */
    public static Path partialFilm(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String partial = dot > 0 ? name.substring(0, dot) + ".partial" + name.substring(dot) : name + ".partial";
        return output.resolveSibling(partial);
    }

    /** The id as a file name: see {@link SafeNames#fileName}. */
    public static String safeName(String videoId) {
        return SafeNames.fileName(videoId);
    }
}
