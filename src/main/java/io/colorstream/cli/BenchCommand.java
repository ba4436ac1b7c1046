package io.colorstream.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code colorstream bench}: how fast frames are colorized, per frame size. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure colorizing speed per frame size.", sortOptions = false,
        description = "Measures colorizing throughput (frames per second) and latency on generated frames, for each "
                + "frame size; the model runs at its native size, so cost beyond it is upsampling and recombination.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "120",
            description = "Frames per size (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--sizes", paramLabel = "SIZE", split = ",", defaultValue = "480p,1080p",
            converter = FrameSize.Converter.class,
            description = "Frame sizes: 480p, 720p, 1080p, 2160p or WIDTHxHEIGHT, comma-separated "
                    + "(default: ${DEFAULT-VALUE}).")
    List<FrameSize> sizes;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        OptionChecks.positive(spec, "--frames", frames);
        bench();
        return 0;
    }

    /** TODO(lead): for each size, colorize `frames` generated frames with model.modelDir() and print fps, latency. */
    private void bench() {
        throw new UnsupportedOperationException("'bench' is not wired yet: the benchmark is wired by the lead");
    }
}
