package io.colorstream.cli;

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
                + "same size and name to -o.")
public final class ImageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Image files (JPEG, PNG, …).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Directory for the colorized images (created if missing).")
    Path output;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        inputs.forEach(in -> OptionChecks.file(spec, "IN", in));
        colorizeImages();
        return 0;
    }

    /** TODO(lead): load model.modelDir(), colorize each input at full resolution, write output/<name>.png. */
    private void colorizeImages() {
        throw new UnsupportedOperationException("'image' is not wired yet: image colorization is wired by the lead");
    }
}
