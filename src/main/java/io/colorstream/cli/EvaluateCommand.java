package io.colorstream.cli;

import io.colorstream.ingest.ColorClipReader;
import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.model.FilmStock;
import io.colorstream.model.FilmTone;
import io.colorstream.quality.EvaluationReport;
import io.colorstream.quality.ImageEvaluation;
import io.colorstream.quality.SaturationSweep;
import io.colorstream.quality.SweepReport;
import io.colorstream.quality.VideoEvaluation;
import io.colorstream.quality.VideoEvaluationReport;
import io.colorstream.stream.SmoothingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code colorstream evaluate}: measure colorization quality against colour ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Measure colorization quality against colour ground truth.", sortOptions = false,
        description = {
            "Measures the model against colour ground truth: grays the originals, colorizes them and compares. "
                    + "Images: PSNR, SSIM, colourfulness (ΔCF). Video: PSNR, CDC, flicker and colourfulness, "
                    + "each clip with temporal smoothing off and on.",
            "Prints a summary and writes the report (markdown and JSON; for images also CSV and a contact sheet) "
                    + "to -o."})
public final class EvaluateCommand implements Callable<Integer> {

    /** Exactly one kind of ground truth. */
    static final class Source {
        @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "Folder of colour images (the JPEG and PNG files directly inside it).")
        Path images;

        @Option(names = "--video", required = true, paramLabel = "FILE|DIR",
                description = "A colour video clip, or a folder whose .mp4 clips are each evaluated "
                        + "(each clip is one shot).")
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

    @Option(names = "--saturations", paramLabel = "S,S,…", split = ",",
            description = "Images: instead of the report at one --saturation, score the model at each of these "
                    + "(increasing; the model runs once per image) and read off the PSNR where its colourfulness "
                    + "is --at-delta-cf from the truth's: the fair way to compare two models. Writes "
                    + SaturationSweep.MARKDOWN + " and " + SaturationSweep.JSON + ".")
    double[] saturations;

    @Option(names = "--at-delta-cf", paramLabel = "D",
            description = "With --saturations: the colourfulness, ours − truth, at which to read off the PSNR "
                    + "(default: ${DEFAULT-VALUE}; the target asks for |ΔCF| ≤ 5).")
    double atDeltaCf = -5;

    @Option(names = "--film-stock", paramLabel = "STOCK", converter = FilmStockConverter.class,
            defaultValue = "panchromatic",
            description = "The film stock whose gray of each photo or frame the model is given: panchromatic (its "
                    + "L*, as every frame is taken) or orthochromatic (blind to red, as most film before the "
                    + "mid-1920s: faces darker, skies paler). The truth stays the colour original "
                    + "(default: ${DEFAULT-VALUE}).")
    FilmStock filmStock;

    @Option(names = "--film-print", paramLabel = "TONE", converter = FilmToneConverter.class,
            defaultValue = "as-shot",
            description = "The print's tone the grays are given: as-shot (the scene's own lightness), dim (a dense "
                    + "print or dark transfer: whites at L* 65) or faded (a worn print: blacks at L* 20, whites at "
                    + "90). With --film-stock, how robust the colour is to what old film looks like "
                    + "(default: ${DEFAULT-VALUE}).")
    FilmTone filmPrint;

    @Option(names = "--max-frames", paramLabel = "N",
            description = "Video: evaluate at most the first N frames of each clip (default: all).")
    Integer maxFrames;

    @Option(names = "--smoothing-weight", paramLabel = "F",
            description = "Video: smoothing weight of the 'smoothing on' run, in [0, 1) (default: ${DEFAULT-VALUE}).")
    float smoothingWeight = SmoothingSettings.DEFAULT.weight();

    @Option(names = "--luma-tolerance", paramLabel = "L",
            description = "Video: change of L* at which smoothing lets go of a pixel in the 'smoothing on' run "
                    + "(default: ${DEFAULT-VALUE}).")
    float lumaTolerance = SmoothingSettings.DEFAULT.lumaTolerance();

    @Override
    public Integer call() throws IOException {
        if (source.images != null) {
            OptionChecks.directory(spec, "--images", source.images);
            for (String videoOnly : List.of("--max-frames", "--smoothing-weight", "--luma-tolerance")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(videoOnly)) {
                    throw new ParameterException(spec.commandLine(), videoOnly + " applies to --video only");
                }
            }
            if (saturations != null) {
                sweepImages();
            } else {
                if (spec.commandLine().getParseResult().hasMatchedOption("--at-delta-cf")) {
                    throw new ParameterException(spec.commandLine(), "--at-delta-cf applies to --saturations only");
                }
                evaluateImages();
            }
        } else {
            for (String imagesOnly : List.of("--saturations", "--at-delta-cf")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(imagesOnly)) {
                    throw new ParameterException(spec.commandLine(), imagesOnly + " applies to --images only");
                }
            }
            OptionChecks.exists(spec, "--video", source.video);
            if (maxFrames != null) {
                OptionChecks.positive(spec, "--max-frames", maxFrames);
            }
            evaluateVideo(clips(), smoothing());
        }
        return 0;
    }

    private void evaluateImages() throws IOException {
        try (Colorizer colorizer = model.load()) {
            EvaluationReport report = new ImageEvaluation(colorizer, look()).evaluate(source.images, output);
            printReport(report.markdown());
        }
    }

    private void sweepImages() throws IOException {
        if (spec.commandLine().getParseResult().hasMatchedOption("--saturation")) {
            throw new ParameterException(spec.commandLine(), "give either --saturation or --saturations, not both");
        }
        try {
            SaturationSweep.checked(saturations); // before a model is loaded
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--saturations: " + e.getMessage());
        }
        try (Colorizer colorizer = model.load()) {
            SweepReport report = new SaturationSweep(colorizer, look(), saturations)
                    .evaluate(source.images, output, atDeltaCf);
            printReport(report.markdown());
        }
    }

    private void evaluateVideo(List<Path> clips, SmoothingSettings smoothing) throws IOException {
        try (Colorizer colorizer = model.load()) {
            VideoEvaluationReport report = new VideoEvaluation(colorizer, smoothing, look())
                    .evaluate(clips, maxFrames == null ? ColorClipReader.ALL_FRAMES : maxFrames, output);
            printReport(report.markdown());
        }
    }

    private List<Path> clips() {
        try {
            return VideoEvaluation.clips(source.video);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--video: " + e.getMessage());
        }
    }

    private SmoothingSettings smoothing() {
        try {
            return new SmoothingSettings(true, smoothingWeight, lumaTolerance);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private FilmLook look() {
        return new FilmLook(filmStock, filmPrint);
    }

    private void printReport(String markdown) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown);
        out.println();
        out.println("Report written to " + output);
        out.flush();
    }

    /** {@code panchromatic} / {@code orthochromatic}, in any case. */
    static final class FilmStockConverter implements CommandLine.ITypeConverter<FilmStock> {
        @Override
        public FilmStock convert(String value) {
            for (FilmStock s : FilmStock.values()) {
                if (s.name().equalsIgnoreCase(value.trim())) {
                    return s;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a film stock: give panchromatic "
                    + "or orthochromatic");
        }
    }

    /** {@code as-shot} / {@code dim} / {@code faded}, in any case. */
    static final class FilmToneConverter implements CommandLine.ITypeConverter<FilmTone> {
        @Override
        public FilmTone convert(String value) {
            try {
                return FilmTone.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
