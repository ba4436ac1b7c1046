package io.colorstream.cli;

import io.colorstream.quality.FilmContactSheet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code colorstream sheet BEFORE AFTER -o PNG}: a before/after contact sheet of two films. */
@Command(name = "sheet", mixinStandardHelpOptions = true, header = "Before/after contact sheet of two films.",
        description = "Writes chosen frames of a film and of its colorized version side by side as a PNG.")
public final class SheetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The original film.")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The colorized film.")
    Path after;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "The sheet to write.")
    Path output;

    @Option(names = "--frames", split = ",", paramLabel = "N", defaultValue = "10,100,200,300",
            description = "Frame numbers to show, 0-based (default: ${DEFAULT-VALUE}).")
    List<Integer> frames;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "200",
            description = "Height of each picture in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() throws Exception {
        OptionChecks.file(spec, "BEFORE", before);
        OptionChecks.file(spec, "AFTER", after);
        OptionChecks.positive(spec, "--height", height);
        int rows = FilmContactSheet.write(before, after, frames.stream().mapToInt(Integer::intValue).toArray(), height,
                output);
        spec.commandLine().getOut().printf("wrote %d rows to %s%n", rows, output);
        return 0;
    }
}
