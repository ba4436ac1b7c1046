package io.colorstream.quality;

import io.colorstream.ingest.ColorClipReader;
import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.stream.ChromaQuantizer;
import io.colorstream.stream.ChromaSmoother;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.stream.SmoothingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of {@code colorstream evaluate --video CLIP|DIR}: each colour clip (e.g. DAVIS) is the truth; every
 * frame is grayed (L codes, as ingest makes them), colorized and recombined exactly as the film path does it,
 * and the clip is scored for quality (PSNR), temporal steadiness (CDC, flicker) and colourfulness.
 *
 * <p>The film path, step by step: the model's chroma at its own size; smoothed over time with the topology's own
 * {@link ChromaSmoother} (comparing the frames' luminance as the model's input has it, shrunk once) and
 * {@link SmoothingState} round trip (the whole clip is one shot: it starts clean at the first frame); rounded to
 * the wire's 8-bit chroma ({@link ChromaQuantizer});
 * upsampled bilinearly and recombined with the frame's own full-resolution L ({@link ImageColorizer}).
 *
 * <p>Each clip is scored twice, smoothing off and smoothing on, from one model call per frame: the raw chroma
 * feeds both. Frames stream through; only histograms and the previous frame are kept.
 */
public final class VideoEvaluation {
    public static final String MARKDOWN = "video-evaluation.md";
    public static final String JSON = "video-evaluation.json";

    private static final Logger LOG = LoggerFactory.getLogger(VideoEvaluation.class);

    private final Colorizer colorizer;
    private final SmoothingSettings smoothing;
    private final FilmLook look;

    /** Smoothing on means {@link SmoothingSettings#DEFAULT}. */
    public VideoEvaluation(Colorizer colorizer) {
        this(colorizer, SmoothingSettings.DEFAULT);
    }

    /** @param smoothing the settings of the "smoothing on" variant; it must be enabled */
    public VideoEvaluation(Colorizer colorizer, SmoothingSettings smoothing) {
        this(colorizer, smoothing, FilmLook.PHOTO);
    }

    /** @param look the film look whose gray of each frame the colorizer is given (the truth stays the clip) */
    public VideoEvaluation(Colorizer colorizer, SmoothingSettings smoothing, FilmLook look) {
        if (!smoothing.enabled()) {
            throw new IllegalArgumentException("the 'smoothing on' variant needs enabled smoothing settings, got "
                    + smoothing);
        }
        this.colorizer = colorizer;
        this.smoothing = smoothing;
        this.look = look;
    }

    public SmoothingSettings smoothing() {
        return smoothing;
    }

    /**
     * The clips to evaluate: a file is itself; a folder gives the {@code .mp4} files directly inside it, sorted.
     *
     * @throws NoSuchFileException if the path does not exist or the folder holds no .mp4
     */
    public static List<Path> clips(Path fileOrFolder) throws IOException {
        if (Files.isRegularFile(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        if (!Files.isDirectory(fileOrFolder)) {
            throw new NoSuchFileException(fileOrFolder.toString(), null, "no such video file or folder");
        }
        List<Path> clips;
        try (Stream<Path> entries = Files.list(fileOrFolder)) {
            clips = entries.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4")).sorted().toList();
        }
        if (clips.isEmpty()) {
            throw new NoSuchFileException(fileOrFolder.toString(), null, "folder holds no .mp4 clips");
        }
        return clips;
    }

    /**
     * Scores every clip and writes {@value #MARKDOWN} and {@value #JSON} into {@code outDir}. Clips that fail
     * are logged, left out of the means and named in the report.
     *
     * @param maxFrames at most this many frames per clip ({@link ColorClipReader#ALL_FRAMES} for all)
     * @throws IOException after writing the report, if some clips failed (the message names them); at once, if
     *                     every clip failed or the report cannot be written
     */
    public VideoEvaluationReport evaluate(List<Path> clips, int maxFrames, Path outDir) throws IOException {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no clips given");
        }
        List<ClipScores> scores = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        for (Path clip : clips) {
            long start = System.nanoTime();
            try {
                ClipScores s = scoreFile(clip, maxFrames);
                scores.add(s);
                LOG.info("evaluated {}: {} frames in {} s", clip, s.frames(),
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping {}: {}", clip, e.getMessage());
                failures.add(new ImageFailure(clip, String.valueOf(e.getMessage())));
            }
        }
        if (scores.isEmpty()) {
            throw failed(failures, 0);
        }
        String source = clips.size() == 1 ? clips.get(0).toString()
                : String.valueOf(clips.get(0).toAbsolutePath().getParent());
        VideoEvaluationReport report = new VideoEvaluationReport(look.describing(source), smoothing, scores,
                VideoEvaluationReport.Summary.of(scores), failures);
        ImageFiles.writeText(report.markdown(), outDir.resolve(MARKDOWN));
        ImageFiles.writeText(report.json(), outDir.resolve(JSON));
        if (!failures.isEmpty()) {
            throw failed(failures, scores.size());
        }
        return report;
    }

    private static IOException failed(List<ImageFailure> failures, int succeeded) {
        return new IOException(failures.size() + " clip(s) failed (" + succeeded + " done): "
                + failures.stream().map(ImageFailure::toString).collect(Collectors.joining("; ")));
    }

    /** Reads a clip file (at most {@code maxFrames} frames) and scores it. */
    public ClipScores scoreFile(Path clip, int maxFrames) throws IOException {
        Scorer scorer = new Scorer(clip.getFileName().toString());
        try (ColorClipReader reader = ColorClipReader.open(clip, maxFrames)) {
            ColorClipReader.ClipFrame frame;
            while ((frame = reader.next()) != null) {
                scorer.add(new RgbImage(frame.width(), frame.height(), frame.rgb()));
            }
        }
        return scorer.result();
    }

    /** Scores a clip given as colour frames in order (at least two, all of one size). */
    public ClipScores score(String name, Iterable<RgbImage> frames) {
        Scorer scorer = new Scorer(name);
        frames.forEach(scorer::add);
        return scorer.result();
    }

    /** Accumulates one clip's measures frame by frame. */
    private final class Scorer {
        private final String name;
        private final int modelWidth = colorizer.width();
        private final int modelHeight = colorizer.height();
        private final float[] modelLuma = new float[modelWidth * modelHeight];
        private final Variant off = new Variant(SmoothingSettings.OFF, modelWidth, modelHeight);
        private final Variant on = new Variant(smoothing, modelWidth, modelHeight);
        private final Cdc truthCdc = new Cdc();
        private final Flicker truthFlicker = new Flicker();
        private final Cdc grayCdc = new Cdc();
        private double truthCf;
        private double grayPsnr;
        private double grayCf;
        private double grayCast;
        private double grayChromaError;
        private int frames;
        private int width;
        private int height;

        Scorer(String name) {
            this.name = name;
        }

        void add(RgbImage truth) {
            if (frames == 0) {
                width = truth.width();
                height = truth.height();
            } else if (truth.width() != width || truth.height() != height) {
                throw new IllegalArgumentException(name + ": frame " + frames + " is " + truth.width() + "x"
                        + truth.height() + ", earlier frames " + width + "x" + height);
            }
            byte[] codes = ImageColorizer.lightnessCodes(truth, look);
            // As the colorize processor does: the model's input, shrunk once, is what the smoother compares.
            float[] ab = colorizer.colorizeBatch(java.util.List.of(codes), width, height,
                    new float[][] {modelLuma})[0];
            if (ab == null || ab.length != 2 * modelLuma.length) {
                throw new IllegalStateException("colorizer returned " + (ab == null ? "nothing" : ab.length
                        + " floats") + " for frame " + frames + " of " + name + ", expected " + 2 * modelLuma.length
                        + " (a*, b* at its size " + modelWidth + "x" + modelHeight + ")");
            }

            truthCdc.add(truth);
            truthFlicker.add(truth);
            truthCf += Colourfulness.of(truth);
            RgbImage gray = ImageColorizer.gray(codes, width, height);
            double framePsnr = Psnr.of(gray, truth);
            grayPsnr += framePsnr;
            grayCdc.add(gray);
            grayCf += Colourfulness.of(gray);
            LabImage truthLab = LabImage.fromRgb(truth);
            EvaluationReport.MeanChroma truthChroma = EvaluationReport.MeanChroma.of(truthLab);
            grayCast += Math.hypot(truthChroma.a(), truthChroma.b());
            grayChromaError += ChromaError.of(LabImage.fromRgb(gray), truthLab);
            off.add(frames, truth, codes, ab, modelLuma, framePsnr, truthLab, truthChroma);
            on.add(frames, truth, codes, ab, modelLuma, framePsnr, truthLab, truthChroma);
            frames++;
        }

        ClipScores result() {
            if (frames < 2) {
                throw new IllegalArgumentException(name + " has " + frames
                        + " frame(s); CDC and flicker need at least two");
            }
            ClipScores.Truth truth = new ClipScores.Truth(truthCdc.value(), truthFlicker.value(), truthCf / frames);
            ClipScores.Gray gray = new ClipScores.Gray(grayPsnr / frames, grayCdc.value(), grayCf / frames,
                    grayCast / frames, grayChromaError / frames);
            return new ClipScores(name, frames, width, height, truth, gray, off.result(truth, frames),
                    on.result(truth, frames));
        }
    }

    /**
     * One way of treating the model's chroma over time (smoothing off or on), exactly as the colorize topology's
     * processor does within one shot, and the measures of what comes out.
     */
    private static final class Variant {
        private final boolean smoothing;
        private final ChromaSmoother smoother;
        private final int modelWidth;
        private final int modelHeight;
        private final float[] previousAb;
        private final float[] previousLuma;
        private final float[] smoothedAb;
        private SmoothingState state;

        private final Cdc cdc = new Cdc();
        private final Flicker flicker = new Flicker();
        private double psnr;
        private double colourfulness;
        private double cast;
        private double chromaError;
        private int harmed;

        Variant(SmoothingSettings settings, int modelWidth, int modelHeight) {
            int n = modelWidth * modelHeight;
            this.smoothing = settings.enabled();
            this.smoother = new ChromaSmoother(settings);
            this.modelWidth = modelWidth;
            this.modelHeight = modelHeight;
            this.previousAb = new float[2 * n];
            this.previousLuma = new float[n];
            this.smoothedAb = new float[2 * n];
        }

        void add(long seq, RgbImage truth, byte[] codes, float[] ab, float[] modelLuma, double grayPsnr,
                 LabImage truthLab, EvaluationReport.MeanChroma truthChroma) {
            float[] out = ab;
            if (smoothing) {
                if (state != null) {
                    state.unpackAb(previousAb);
                    state.unpackLuma(previousLuma);
                    smoother.smooth(previousAb, previousLuma, ab, modelLuma, smoothedAb);
                    out = smoothedAb;
                }
                state = SmoothingState.of(seq, modelWidth, modelHeight, out, modelLuma);
            }
            RgbImage ours = ImageColorizer.recombine(codes, truth.width(), truth.height(),
                    ChromaQuantizer.quantize(out), modelWidth, modelHeight);
            double framePsnr = Psnr.of(ours, truth);
            psnr += framePsnr;
            if (framePsnr < grayPsnr - EvaluationReport.HARM_DB) {
                harmed++;
            }
            LabImage oursLab = LabImage.fromRgb(ours);
            EvaluationReport.MeanChroma oursChroma = EvaluationReport.MeanChroma.of(oursLab);
            cast += Math.hypot(oursChroma.a() - truthChroma.a(), oursChroma.b() - truthChroma.b());
            chromaError += ChromaError.of(oursLab, truthLab);
            cdc.add(ours);
            flicker.add(ours);
            colourfulness += Colourfulness.of(ours);
        }

        ClipScores.Ours result(ClipScores.Truth truth, int frames) {
            return ClipScores.Ours.of(psnr / frames, cdc.value(), flicker.value(), colourfulness / frames,
                    cast / frames, harmed / (double) frames, chromaError / frames, truth);
        }
    }
}
