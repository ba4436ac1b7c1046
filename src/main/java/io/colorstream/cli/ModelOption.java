package io.colorstream.cli;

import io.colorstream.model.Colorizer;
import io.colorstream.model.SaturatedColorizer;
import io.colorstream.model.SavedModelColorizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --model DIR}: the colorizer SavedModel (with its metadata file) to run. */
public final class ModelOption {

    /** Where the shipped model lives, relative to the current directory or to the colorstream installation. */
    public static final String DEFAULT = "models/colorizer";

    /** The shipped live model: the same weights at a 160-pixel input, ~1.6× faster (models/README.md). */
    public static final String LIVE = "models/colorizer-live";

    /** Set by the launcher to the installation directory, so the shipped model is found from any directory. */
    static final String HOME_PROPERTY = "colorstream.home";

    @Option(names = "--model", paramLabel = "DIR",
            description = "Colorizer SavedModel directory (default: " + DEFAULT
                    + " in the current directory, else the one shipped with colorstream). A relative path not "
                    + "found here is looked up in the installation too, so the shipped " + LIVE
                    + " (faster, for live feeds on 2 cores) can be named from anywhere.")
    Path model;

    @Option(names = "--saturation", paramLabel = "S", defaultValue = "1",
            description = "Scale the model's colour by S: below 1 calmer, above 1 more vivid, 0 gray "
                    + "(default: ${DEFAULT-VALUE}).")
    double saturation = 1;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "0",
            description = "Cores one model call may use; 0 = all (default). With fewer, e.g. 1 beside "
                    + "--kafka-property num.stream.threads=2 on 2 cores, two frames are colorized at once instead "
                    + "of one frame's work being shared out (see docs/benchmarks.md for which is faster where).")
    int threads;

    /** How {@link #load} opens a model directory; tests swap in a stand-in so commands run without a model. */
    Function<Path, Colorizer> loader = dir -> SavedModelColorizer.load(dir, threads);

    /** The model directory to load; it is not checked here (the model loader names what is missing). */
    public Path modelDir() {
        return installed(model != null ? model : Path.of(DEFAULT));
    }

    /** A relative directory missing here but present in the installation is the installation's. */
    static Path installed(Path dir) {
        String home = System.getProperty(HOME_PROPERTY);
        if (!dir.isAbsolute() && !Files.isDirectory(dir) && home != null
                && Files.isDirectory(Path.of(home).resolve(dir))) {
            return Path.of(home).resolve(dir);
        }
        return dir;
    }

    /** Loads the model from {@link #modelDir()}, at the chosen saturation; the caller closes it (native memory). */
    public Colorizer load() {
        check();
        Colorizer colorizer = loader.apply(modelDir());
        return saturation == 1 ? colorizer : new SaturatedColorizer(colorizer, saturation);
    }

    /** Fails on a bad option before anything is loaded or started: a bad option costs no model load. */
    public void check() {
        if (!(saturation >= 0 && saturation <= 4)) {
            throw new SettingsException("--saturation must be between 0 and 4, got " + saturation);
        }
        if (threads < 0) {
            throw new SettingsException("--model-threads must be 0 (all cores) or more, got " + threads);
        }
    }
}
