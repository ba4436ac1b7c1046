package io.colorstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorstream.encode.FilmEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import io.colorstream.names.Redaction;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where {@code run IN -o OUT} starts. The encoder of a run keeps the closed pieces of OUT's picture beside it
 * ({@link FilmEncoder#workDir}) until the film is written; after a crash, a kill or a failure, the next run of the
 * same film continues from the frame after them instead of starting again. "The same film" is checked against a
 * record the run leaves there ({@value #RECORD}: the input file, its size and date, the model, and every setting
 * that changes the picture), so two different colourings are never joined: a run that differs is refused, naming
 * the difference, and {@code --restart} discards what was kept. A live feed cannot be rewound, so its kept frames
 * cannot be continued: they are joined into a partial film beside OUT ({@link FilmEncoder#salvage}) and the run
 * starts a new film.
 */
final class RunResume {
    static final String RECORD = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What makes two runs the same film: equal fingerprints may continue each other's work. */
    record Fingerprint(String input, long bytes, long modifiedMillis, String model, String colour, String encoding) {
        /** The fingerprint of a run; {@code modelDir}'s metadata file stands for the model's weights. */
        static Fingerprint of(String input, Path modelDir, String colour, String encoding) throws IOException {
            Path file = Path.of(input);
            boolean isFile = !input.contains("://") && Files.isRegularFile(file);
            // A URL is kept redacted: run.json must not hold a password (a changed password is the same input).
            return new Fingerprint(isFile ? file.toAbsolutePath().normalize().toString() : Redaction.url(input),
                    isFile ? Files.size(file) : -1, isFile ? Files.getLastModifiedTime(file).toMillis() : -1,
                    modelIdentity(modelDir), colour, encoding);
        }

        boolean isFile() {
            return bytes >= 0;
        }

        /** What differs from {@code other}, in words; empty when nothing does. */
        List<String> differences(Fingerprint other) {
            List<String> d = new ArrayList<>();
            if (!input.equals(other.input)) {
                d.add("input " + other.input + " (now " + input + ")");
            } else if (bytes != other.bytes || modifiedMillis != other.modifiedMillis) {
                d.add("the input file changed since (size or date)");
            }
            if (!model.equals(other.model)) {
                d.add("another model");
            }
            if (!colour.equals(other.colour)) {
                d.add("colour settings " + other.colour + " (now " + colour + ")");
            }
            if (!encoding.equals(other.encoding)) {
                d.add("encoding " + other.encoding + " (now " + encoding + ")");
            }
            return d;
        }
    }

    private RunResume() {
    }

    /**
     * Decides where the run starts and records it.
     *
     * @param restart discard what an earlier run kept and start from frame 0
     * @return the first frame to colorize: 0, or the number of frames an earlier run of the same film kept
     * @throws SettingsException when kept frames cannot be continued by this run (another film or settings);
     *                           nothing is discarded then
     */
    static long startFrame(Path output, Fingerprint now, boolean restart, PrintWriter err) throws IOException {
        Path dir = FilmEncoder.workDir(output);
        Path record = dir.resolve(RECORD);
        if (restart) {
            FilmEncoder.discardUnfinished(output);
        }
        long kept = FilmEncoder.framesKept(output);
        if (kept > 0 && !now.isFile()) {
            // A live feed cannot be rewound to continue: what the earlier run kept becomes a partial film.
            Path saved = FilmEncoder.salvage(output);
            err.println("an earlier run of " + output + " stopped before its end; the " + kept + " frames it kept are"
                    + " in " + saved + ". This run starts a new film");
            err.flush();
            kept = 0;
        }
        if (kept > 0) {
            String what = output + " has " + kept + " frames of an unfinished colorization kept in " + dir;
            if (!Files.isRegularFile(record)) {
                throw new SettingsException(what + ", not made by run (no " + RECORD + "); add --restart to discard"
                        + " them, or choose another output");
            }
            Fingerprint before;
            try {
                before = JSON.readValue(record.toFile(), Fingerprint.class);
            } catch (IOException e) {
                throw new SettingsException(what + ", but its record " + record + " cannot be read (" + e.getMessage()
                        + "); add --restart to discard them", e);
            }
            List<String> differences = now.differences(before);
            if (!differences.isEmpty()) {
                throw new SettingsException(what + ", made with " + String.join(", ", differences) + ". Run it again"
                        + " as it was to continue, or add --restart to discard them");
            }
            err.println("continuing " + output + ": " + kept + " frames were colorized by an earlier run (kept in "
                    + dir + "); starting at frame " + kept);
            err.flush();
        }
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(record.toFile(), now);
        return kept;
    }

    /** The id of the rest of a film from frame {@code start} on: a film of its own in Kafka. */
    static String restId(String videoId, long start) {
        String suffix = ".from-" + start;
        String base = videoId.length() + suffix.length() > io.colorstream.ingest.VideoIds.MAX_LENGTH
                ? videoId.substring(0, io.colorstream.ingest.VideoIds.MAX_LENGTH - suffix.length()) : videoId;
        return base + suffix;
    }

    private static String modelIdentity(Path modelDir) throws IOException {
        Path dir = modelDir.toAbsolutePath().normalize();
        Path metadata = dir.resolve(io.colorstream.model.ModelMetadata.FILE_NAME);
        if (!Files.isRegularFile(metadata)) {
            return dir.toString();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(metadata));
            return dir + " " + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
