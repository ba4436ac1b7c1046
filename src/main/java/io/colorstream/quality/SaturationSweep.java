package io.colorstream.quality;

import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.model.SaturatedColorizer;
import io.colorstream.quality.SweepReport.Point;
import io.colorstream.stream.ChromaQuantizer;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code colorstream evaluate --images DIR --saturations S,S,…}: the model's PSNR and colourfulness at several
 * saturations, and the PSNR where its colourfulness crosses a target distance from the truth's. Saturation
 * trades PSNR for colour, so two models are compared fairly at equal colourfulness, not at their defaults (the
 * model card's "at ΔCF −5" column). The model runs once per image; each saturation scales that chroma exactly as
 * {@code --saturation} does and goes the film path's way (wire quantization, upsampling, recombination), so a
 * row equals a plain {@code evaluate --saturation S}. SSIM is left out: it is not what the sweep compares.
 */
public final class SaturationSweep {
    public static final String MARKDOWN = "saturation-sweep.md";
    public static final String JSON = "saturation-sweep.json";
    private static final Logger LOG = LoggerFactory.getLogger(SaturationSweep.class);

    private final Colorizer colorizer;
    private final double[] factors;
    private final FilmLook look;

    /** @param factors the saturations, strictly increasing, each in [0, 4] */
    public SaturationSweep(Colorizer colorizer, double... factors) {
        this(colorizer, FilmLook.PHOTO, factors);
    }

    /** @param look the film look whose gray of each photo the colorizer is given (the truth stays the photo) */
    public SaturationSweep(Colorizer colorizer, FilmLook look, double... factors) {
        this.colorizer = colorizer;
        this.look = look;
        this.factors = checked(factors).clone();
    }

    /**
     * Checks a list of saturations (at least two, strictly increasing, each in [0, 4]), so a command can refuse
     * a bad list before it loads a model.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static double[] checked(double... factors) {
        if (factors.length < 2) {
            throw new IllegalArgumentException("a sweep needs at least two saturations, got " + factors.length);
        }
        for (int i = 0; i < factors.length; i++) {
            if (!(factors[i] >= 0 && factors[i] <= 4)) {
                throw new IllegalArgumentException("saturation must be between 0 and 4, got " + factors[i]);
            }
            if (i > 0 && factors[i] <= factors[i - 1]) {
                throw new IllegalArgumentException("saturations must increase, got " + factors[i - 1] + " then "
                        + factors[i]);
            }
        }
        return factors;
    }

    /**
     * Scores every jpg/jpeg/png directly inside {@code imagesDir} and writes {@value #MARKDOWN} and
     * {@value #JSON} into {@code outDir}. Images that fail are logged and left out of the means.
     *
     * @param targetSignedDeltaCf the colourfulness, relative to the truth's, at which to read off the PSNR
     * @throws FailedImagesException after writing the report for the rest, if some images failed
     * @throws IOException if the folder holds no images, none could be scored, or outputs cannot be written
     */
    public SweepReport evaluate(Path imagesDir, Path outDir, double targetSignedDeltaCf) throws IOException {
        List<Path> files = ImageFiles.listImages(imagesDir);
        if (files.isEmpty()) {
            throw new NoSuchFileException(imagesDir.toString(), null, "folder holds no .jpg, .jpeg or .png images");
        }
        double grayPsnr = 0;
        double truthCf = 0;
        double[] psnr = new double[factors.length];
        double[] cf = new double[factors.length];
        double[] cast = new double[factors.length];
        int[] harmed = new int[factors.length];
        int scored = 0;
        List<ImageFailure> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                ImageScore s = score(ImageFiles.read(file));
                grayPsnr += s.grayPsnr;
                truthCf += s.truthCf;
                for (int k = 0; k < factors.length; k++) {
                    psnr[k] += s.psnr[k];
                    cf[k] += s.cf[k];
                    cast[k] += s.cast[k];
                    harmed[k] += s.psnr[k] < s.grayPsnr - EvaluationReport.HARM_DB ? 1 : 0;
                }
                scored++;
                LOG.info("swept {}", file);
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping {}: {}", file, e.getMessage());
                failures.add(new ImageFailure(file, String.valueOf(e.getMessage())));
            }
        }
        if (scored == 0) {
            throw new FailedImagesException(failures, 0);
        }
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < factors.length; k++) {
            points.add(new Point(factors[k], psnr[k] / scored, cf[k] / scored, cast[k] / scored,
                    harmed[k] / (double) scored));
        }
        SweepReport report = new SweepReport(look.describing(imagesDir.toString()), scored, grayPsnr / scored,
                truthCf / scored, points, targetSignedDeltaCf, failures);
        ImageFiles.writeText(report.markdown(), outDir.resolve(MARKDOWN));
        ImageFiles.writeText(report.json(), outDir.resolve(JSON));
        if (!failures.isEmpty()) {
            throw new FailedImagesException(failures, scored);
        }
        return report;
    }

    private record ImageScore(double grayPsnr, double truthCf, double[] psnr, double[] cf, double[] cast) {
    }

    private ImageScore score(RgbImage truth) {
        int w = truth.width();
        int h = truth.height();
        byte[] codes = ImageColorizer.lightnessCodes(truth, look);
        float[] raw = ImageColorizer.chroma(colorizer, codes, w, h);
        int cw = colorizer.width();
        int ch = colorizer.height();
        double[] psnr = new double[factors.length];
        double[] cf = new double[factors.length];
        double[] cast = new double[factors.length];
        EvaluationReport.MeanChroma truthChroma = EvaluationReport.MeanChroma.of(LabImage.fromRgb(truth));
        for (int k = 0; k < factors.length; k++) {
            float[] ab = factors[k] == 1 ? raw.clone() : SaturatedColorizer.scale(raw.clone(), (float) factors[k]);
            RgbImage ours = ImageColorizer.recombine(codes, w, h, ChromaQuantizer.quantize(ab), cw, ch);
            psnr[k] = Psnr.of(ours, truth);
            cf[k] = Colourfulness.of(ours);
            EvaluationReport.MeanChroma m = EvaluationReport.MeanChroma.of(LabImage.fromRgb(ours));
            cast[k] = Math.hypot(m.a() - truthChroma.a(), m.b() - truthChroma.b());
        }
        return new ImageScore(Psnr.of(ImageColorizer.gray(codes, w, h), truth), Colourfulness.of(truth), psnr, cf,
                cast);
    }
}
