package io.colorstream.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A user's files are sacred: an output is never one of the inputs, and an existing file is replaced only when the
 * user asked for it. "The same file" is decided by the file system's file keys ({@link Files#isSameFile}), so a
 * symlink to the input, a hard link to it, or another spelling of its path all count as the input.
 */
public final class UserFiles {
    private UserFiles() {
    }

    /** Whether both paths exist and name one file (path, symlink or hard link). */
    public static boolean isSameFile(Path a, Path b) {
        if (!Files.exists(a) || !Files.exists(b)) {
            return false;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            // Cannot tell: treat as the same, since guessing wrong would destroy the input.
            return true;
        }
    }

    /**
     * Why {@code output} must not be written, or empty when it may be: it is (a link to) the input, or it exists
     * and {@code overwrite} was not given. A symlink at the output path counts as existing even if it dangles.
     *
     * @param what  how the output is named in the message, e.g. "OUT"
     * @param input the input file, or null for a URL
     */
    public static Optional<String> whyNotWritable(String what, Path output, Path input, boolean overwrite) {
        if (input != null && isSameFile(input, output)) {
            return Optional.of(what + " " + output + " is the input film itself (the same file"
                    + (Files.isSymbolicLink(output) ? ", through a symlink" : "") + "): refusing to write over it;"
                    + " choose another output");
        }
        if (Files.isDirectory(output)) {
            return Optional.of(what + " " + output + " is a directory; give a file name");
        }
        if (!overwrite && (Files.exists(output) || Files.isSymbolicLink(output))) {
            return Optional.of(what + " " + output + " exists: it is kept; give --overwrite to replace it, or "
                    + "choose another output");
        }
        return Optional.empty();
    }
}
