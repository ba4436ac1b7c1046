package io.colorstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code colorstream train --data DIR…}: train the colorizer SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train the colorizer model on colour photos.", sortOptions = false,
        description = {
            "Trains the colorizer on colour photos (each is grayed to CIELAB L and its a*, b* learned) and exports "
                    + "a SavedModel with its metadata to --out. Checkpoints go to --work; --resume continues "
                    + "from the latest one."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Folders of colour images (JPEG, PNG), searched recursively; repeat or list several.")
    List<Path> data;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20000",
            description = "Training steps (batches) in total, counting resumed ones (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16",
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "128",
            description = "Square training crop and native model input size in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in --work.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Random seed for initialisation, sampling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ModelOption.DEFAULT,
            description = "Where the trained SavedModel and its metadata are exported (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "work/train",
            description = "Checkpoints and training logs (default: ${DEFAULT-VALUE}).")
    Path work;

    @Override
    public Integer call() {
        data.forEach(d -> OptionChecks.directory(spec, "--data", d));
        OptionChecks.positive(spec, "--steps", steps);
        OptionChecks.positive(spec, "--batch", batch);
        if (size < 32 || size % 16 != 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--size must be a multiple of 16, at least 32, got " + size);
        }
        train();
        return 0;
    }

    /** TODO(lead): run the training pipeline (io.colorstream.train) with these options; Progress "trained" "steps". */
    private void train() {
        throw new UnsupportedOperationException("'train' is not wired yet: the training pipeline is wired by the lead");
    }
}
