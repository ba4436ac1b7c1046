package io.colorstream.cli;

import io.colorstream.encode.VideoFiles;
import io.colorstream.files.UserFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values picocli cannot express; a failure is a usage error (exit code 2) naming the option. */
final class OptionChecks {

    private OptionChecks() {
    }

    static void positive(CommandSpec spec, String option, long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }

    static void directory(CommandSpec spec, String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": no such directory: " + dir);
        }
    }

    static void file(CommandSpec spec, String what, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), what + ": no such file: " + file);
        }
    }

    /** A file or a directory: anything that exists. */
    static void exists(CommandSpec spec, String what, Path path) {
        if (!Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), what + ": no such file or directory: " + path);
        }
    }

    /**
     * The output may be written: it is not the input (by path, symlink or hard link), nor is the partial film
     * that would go beside it, and it does not exist unless {@code overwrite}.
     *
     * @param input a file path or a URL (a URL cannot be overwritten)
     */
    static void writableOutput(CommandSpec spec, String what, Path output, String input, boolean overwrite) {
        Path in = input == null || input.contains("://") ? null : Path.of(input);
        UserFiles.whyNotWritable(what, output, in, overwrite).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), why);
        });
        Path partial = VideoFiles.partialFilm(output);
        if (in != null && UserFiles.isSameFile(in, partial)) {
            throw new ParameterException(spec.commandLine(), "the partial film " + partial + " that " + what
                    + " may need is the input itself: choose another output");
        }
    }

    /** The codec is one colorstream writes and the output's container can hold it. */
    static void codecFitsOutput(CommandSpec spec, String codec, Path output) {
        io.colorstream.encode.VideoCodec c;
        String container;
        try {
            c = io.colorstream.encode.VideoCodec.named(codec);
            container = io.colorstream.encode.FilmEncoder.containerFor(output);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!c.fitsIn(container)) {
            throw new ParameterException(spec.commandLine(), "--codec " + c.cliName() + " cannot go into "
                    + output.getFileName() + "; write it as " + c.containersInWords());
        }
    }

    /** A local file must exist; URLs (rtsp://, http://, …) are the grabber's business. */
    static void fileOrUrl(CommandSpec spec, String what, String input) {
        if (!input.contains("://")) {
            file(spec, what, Path.of(input));
        }
    }
}
