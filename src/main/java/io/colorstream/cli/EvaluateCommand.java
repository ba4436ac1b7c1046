package io.colorstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code colorstream evaluate}: measure colorization quality against colour ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Measure colorization quality against colour ground truth.", sortOptions = false,
        description = {
            "Measures the model against colour ground truth: grays the originals, colorizes them and compares. "
                    + "Images: PSNR, SSIM, colourfulness (ΔCF). Video: also CDC and flicker.",
            "Writes a report (and sample images) to -o."})
public final class EvaluateCommand implements Callable<Integer> {

    /** Exactly one kind of ground truth. */
    static final class Source {
        @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "Folder of colour images (searched recursively).")
        Path images;

        @Option(names = "--video", required = true, paramLabel = "FILE", description = "A colour video clip.")
        Path video;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    ModelOption model;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "evaluation",
            description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        if (source.images != null) {
            OptionChecks.directory(spec, "--images", source.images);
        } else {
            OptionChecks.file(spec, "--video", source.video);
        }
        evaluate();
        return 0;
    }

    /** TODO(lead): run io.colorstream.quality over source with model.modelDir(), report into output. */
    private void evaluate() {
        throw new UnsupportedOperationException("'evaluate' is not wired yet: the quality measures are wired by the "
                + "lead");
    }
}
