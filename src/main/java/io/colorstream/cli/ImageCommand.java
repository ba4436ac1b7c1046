package io.colorstream.cli;

import io.colorstream.model.Colorizer;
import io.colorstream.quality.ImageColorizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code colorstream image IN… -o DIR}: colorize still images, no Kafka involved. */
@Command(name = "image", mixinStandardHelpOptions = true,
        header = "Colorize still images (no Kafka).", sortOptions = false,
        description = "Colorizes black-and-white (or colour, which is grayed first) still images; writes PNGs of the "
                + "same size and name to -o and prints each file written.")
public final class ImageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN",
            description = "Image files (JPEG, PNG) or folders of them (the images directly inside).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Directory for the colorized images (created if missing).")
    Path output;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws IOException {
        inputs.forEach(in -> OptionChecks.exists(spec, "IN", in));
        try (Colorizer colorizer = model.load()) {
            List<Path> written = new ImageColorizer(colorizer).colorizeFiles(inputs, output);
            PrintWriter out = spec.commandLine().getOut();
            written.forEach(out::println);
            out.flush();
        }
        return 0;
    }
}
