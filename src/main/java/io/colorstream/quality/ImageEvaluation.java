package io.colorstream.quality;

import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.quality.EvaluationReport.ImageScores;
import io.colorstream.quality.EvaluationReport.Scores;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of {@code colorstream evaluate --images DIR}: each colour photo in a folder is the truth; its gray
 * version (L* only) goes through the colorizer exactly as a film frame would, and gray, ours and truth are
 * scored with PSNR, SSIM and colourfulness. Writes {@value #MARKDOWN}, {@value #CSV}, {@value #JSON} and
 * {@value #SHEET} into the output folder.
 */
public final class ImageEvaluation {
    public static final String MARKDOWN = "evaluation.md";
    public static final String CSV = "evaluation.csv";
    public static final String JSON = "evaluation.json";
    public static final String SHEET = "contact-sheet.png";
    public static final int DEFAULT_SHEET_ROWS = 8;
    public static final int DEFAULT_SHEET_HEIGHT = 160;

    private static final Logger LOG = LoggerFactory.getLogger(ImageEvaluation.class);

    private final ImageColorizer colorizer;
    private final int sheetRows;
    private final int sheetHeight;
    private final FilmLook look;

    public ImageEvaluation(Colorizer colorizer) {
        this(colorizer, DEFAULT_SHEET_ROWS, DEFAULT_SHEET_HEIGHT);
    }

    /** @param look the film look whose gray of each photo the colorizer is given (the truth stays the photo) */
    public ImageEvaluation(Colorizer colorizer, FilmLook look) {
        this(colorizer, DEFAULT_SHEET_ROWS, DEFAULT_SHEET_HEIGHT, look);
    }

    /**
     * @param sheetRows   how many images the contact sheet shows (the first ones, by file name)
     * @param sheetHeight height in pixels of each image on the sheet
     */
    public ImageEvaluation(Colorizer colorizer, int sheetRows, int sheetHeight) {
        this(colorizer, sheetRows, sheetHeight, FilmLook.PHOTO);
    }

    private ImageEvaluation(Colorizer colorizer, int sheetRows, int sheetHeight, FilmLook look) {
        if (sheetRows < 0 || sheetHeight <= 0) {
            throw new IllegalArgumentException("contact sheet needs rows >= 0 and a positive height, got "
                    + sheetRows + " rows of " + sheetHeight + " px");
        }
        this.colorizer = new ImageColorizer(colorizer);
        this.sheetRows = sheetRows;
        this.sheetHeight = sheetHeight;
        this.look = look;
    }

    /**
     * Evaluates every jpg/jpeg/png directly inside {@code imagesDir} and writes the four outputs to
     * {@code outDir}. Images that fail are logged and left out of the means.
     *
     * @return the report (also written as markdown, CSV and JSON)
     * @throws FailedImagesException after writing the outputs for the rest, if some images failed
     * @throws IOException if the folder holds no images, none could be evaluated, or outputs cannot be written
     */
    public EvaluationReport evaluate(Path imagesDir, Path outDir) throws IOException {
        List<Path> files = ImageFiles.listImages(imagesDir);
        if (files.isEmpty()) {
            throw new NoSuchFileException(imagesDir.toString(), null, "folder holds no .jpg, .jpeg or .png images");
        }
        ContactSheet sheet = new ContactSheet(sheetRows, sheetHeight);
        List<ImageScores> scores = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                RgbImage truth = ImageFiles.read(file);
                scores.add(score(file.getFileName().toString(), truth, sheet));
                LOG.info("evaluated {}", file);
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping {}: {}", file, e.getMessage());
                failures.add(new ImageFailure(file, String.valueOf(e.getMessage())));
            }
        }
        if (scores.isEmpty()) {
            throw new FailedImagesException(failures, 0);
        }
        EvaluationReport report = new EvaluationReport(look.describing(imagesDir.toString()), scores,
                EvaluationReport.Summary.of(scores), failures);
        ImageFiles.writeText(report.markdown(), outDir.resolve(MARKDOWN));
        ImageFiles.writeText(report.csv(), outDir.resolve(CSV));
        ImageFiles.writeText(report.json(), outDir.resolve(JSON));
        if (!sheet.isEmpty()) {
            ImageFiles.writePng(sheet.render(), outDir.resolve(SHEET));
        }
        if (!failures.isEmpty()) {
            throw new FailedImagesException(failures, scores.size());
        }
        return report;
    }

    /** Scores one colour image against its own gray and colorized versions. */
    public ImageScores score(String name, RgbImage truth) {
        return score(name, truth, null);
    }

    private ImageScores score(String name, RgbImage truth, ContactSheet sheet) {
        int w = truth.width();
        int h = truth.height();
        byte[] codes = ImageColorizer.lightnessCodes(truth, look);
        RgbImage gray = ImageColorizer.gray(codes, w, h);
        RgbImage ours = colorizer.colorizeCodes(codes, w, h);
        LabImage truthLab = LabImage.fromRgb(truth);
        LabImage grayLab = LabImage.fromRgb(gray);
        LabImage oursLab = LabImage.fromRgb(ours);
        Scores grayScores = new Scores(Psnr.of(gray, truth), Ssim.lightness(grayLab, truthLab),
                Ssim.rgb(gray, truth), Colourfulness.of(gray), ChromaError.of(grayLab, truthLab));
        Scores oursScores = new Scores(Psnr.of(ours, truth), Ssim.lightness(oursLab, truthLab),
                Ssim.rgb(ours, truth), Colourfulness.of(ours), ChromaError.of(oursLab, truthLab));
        Scores truthScores = new Scores(Double.POSITIVE_INFINITY, 1.0, 1.0, Colourfulness.of(truth), 0.0);
        if (sheet != null) {
            sheet.add(name, gray, ours, truth);
        }
        return new ImageScores(name, w, h, grayScores, oursScores, truthScores, EvaluationReport.MeanChroma.of(oursLab),
                EvaluationReport.MeanChroma.of(truthLab));
    }
}
