package io.colorstream.cli;

import io.colorstream.train.DarknetTiny;
import io.colorstream.train.ExportedColorizers;
import io.colorstream.train.FusedColorizerNet;
import io.colorstream.train.ModelExporter;
import io.colorstream.train.Trainer;
import io.colorstream.train.WeightAverage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code colorstream combine MODEL... -o DIR}: one model serving the mean chroma of several trained ones, or, with
 * {@code --average-weights}, one colorizer whose weights are the mean of theirs.
 */
@Command(name = "combine", mixinStandardHelpOptions = true,
        header = "Combine trained colorizers into one model that averages their colour (or their weights).",
        description = {"Reads colorizers exported by `train` and writes one SavedModel that runs the classifier once, "
                + "each colorizer on its features, and serves the mean of their a*b*. Independently trained "
                + "models agree more on right colours than on wrong ones, so the mean is closer to the truth "
                + "than either (see models/README.md); it costs one colorizer branch more per model.",
            "With --average-weights it writes one colorizer whose every weight is the mean of the members' (a "
                + "\"model soup\"): no slower than one model, and for runs fine-tuned from one starting model "
                + "usually at least as good as each. Members from different starts are refused.",
            "With one MODEL and --input-size, it re-exports that model to serve another input size: the networks "
                + "are fully convolutional, so the same weights serve a smaller picture at less cost (see "
                + "models/README.md for what it costs in colour).",
            "The members must share the read-out temperature and the classifier given by --classifier."})
public final class CombineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "1..*",
            description = "Exported colorizer directories (one only with --input-size).")
    List<Path> models;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Where to write the combined model (replaced atomically; may be one of the MODELs).")
    Path out;

    @Option(names = "--classifier", paramLabel = "DIR", defaultValue = "models/darknet-tiny",
            description = "The ImageNet classifier the members were trained with (default: ${DEFAULT-VALUE}).")
    Path classifier;

    @Option(names = "--model-version", paramLabel = "V",
            description = "Version written to the metadata (default: the members' versions joined by '+', or by "
                    + "'~' with --average-weights).")
    String version;

    @Option(names = "--input-size", paramLabel = "PIXELS",
            description = "The side of the square input the written model serves, a multiple of 16 from 64 to "
                    + "224 (default: the first MODEL's).")
    Integer inputSize;

    @Option(names = "--average-weights",
            description = "Average the members' weights into one colorizer instead of averaging their colour.")
    boolean averageWeights;

    @Override
    public Integer call() throws Exception {
        for (Path m : models) {
            OptionChecks.directory(spec, "MODEL", m);
        }
        OptionChecks.directory(spec, "--classifier", classifier);
        if (models.size() == 1 && inputSize == null) {
            throw new ParameterException(spec.commandLine(),
                    "one MODEL only re-exports it at another --input-size; give that, or two or more MODELs");
        }
        if (inputSize != null && (inputSize < 64 || inputSize > FusedColorizerNet.INPUT_SIZE
                || inputSize % ModelExporter.SIZE_STEP != 0)) {
            throw new ParameterException(spec.commandLine(), "--input-size must be a multiple of "
                    + ModelExporter.SIZE_STEP + " from 64 to " + FusedColorizerNet.INPUT_SIZE + ", not " + inputSize);
        }
        DarknetTiny darknet = DarknetTiny.load(classifier);
        List<ModelExporter.Trained> members = new ArrayList<>();
        List<Map<String, Object>> facts = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        double temperature = Double.NaN;
        for (Path m : models) {
            ExportedColorizers.Member member = ExportedColorizers.read(m, darknet);
            double t = member.metadata().temperature();
            if (!Double.isNaN(temperature) && t != temperature) {
                throw new IllegalArgumentException(m + " reads out at temperature " + t + ", " + models.get(0)
                        + " at " + temperature + ": re-export one of them (train --resume --temperature T)");
            }
            temperature = t;
            members.add(member.trained());
            sizes.add(member.metadata().inputWidth());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("model", m.getFileName().toString());
            f.put("version", member.metadata().version());
            if (member.metadata().training() != null) {
                f.putAll(member.metadata().training());
            }
            facts.add(f);
            spec.commandLine().getOut().printf("read %s (%s)%n", m, member.metadata().version());
        }
        // By default the first member's size: a model trained at a smaller input keeps it.
        int size = inputSize != null ? inputSize : sizes.get(0);
        if (members.size() == 1) {
            // The member's own training facts stay true of the weights; the size they now serve is in the metadata.
            Map<String, Object> f = new LinkedHashMap<>(facts.get(0));
            f.remove("model");
            f.remove("version");
            f.put(RESIZED_FROM, facts.get(0).get("version") + ", served at " + sizes.get(0) + " px");
            String v = version != null ? version : facts.get(0).get("version") + "@" + size;
            ModelExporter.export(members, darknet, temperature, size, out, v, f);
            spec.commandLine().getOut().printf("wrote %s: input %d×%d, version %s%n", out, size, size, v);
            return 0;
        }
        if (averageWeights) {
            ModelExporter.Trained mean = WeightAverage.of(members, darknet);
            String v = version != null ? version : joinedVersions(facts, "~");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put(Trainer.TUNED_CLASSIFIER_LAYERS, DarknetTiny.tunedLayerCount(mean.weights().keySet()));
            f.put(ExportedColorizers.AVERAGED, facts);
            ModelExporter.export(List.of(mean), darknet, temperature, size, out, v, f);
            spec.commandLine().getOut().printf("wrote %s: weights averaged over %d colorizers, version %s%s%n", out,
                    members.size(), v, inputSize == null ? "" : ", input " + size + "×" + size);
            return 0;
        }
        String v = version != null ? version : joinedVersions(facts, "+");
        ModelExporter.export(members, darknet, temperature, size, out, v, Map.of(ExportedColorizers.MEMBERS, facts));
        spec.commandLine().getOut().printf("wrote %s: mean chroma of %d colorizers, version %s%n", out,
                members.size(), v);
        return 0;
    }

    /** Training fact of a re-exported model: the model it came from and the size that one served. */
    static final String RESIZED_FROM = "resizedFrom";

    private static String joinedVersions(List<Map<String, Object>> facts, String separator) {
        return facts.stream().map(f -> String.valueOf(f.get("version"))).collect(Collectors.joining(separator));
    }
}
