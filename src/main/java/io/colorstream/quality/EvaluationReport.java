package io.colorstream.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code colorstream evaluate --images DIR} found: scores per image, their means, and the images that
 * failed. Renders itself as a markdown table, CSV (one row per image) and JSON.
 */
public record EvaluationReport(String source, List<ImageScores> images, Summary summary, List<ImageFailure> failures) {
    /** The measures of one image (gray, ours or truth) against the truth. */
    public record Scores(double psnr, double ssimLightness, double ssimRgb, double colourfulness,
                         double chromaError) {
    }

    /** An image's mean chroma, CIELAB a* and b*. */
    public record MeanChroma(double a, double b) {
        public static MeanChroma of(LabImage lab) {
            double sa = 0, sb = 0;
            for (int i = 0; i < lab.pixelCount(); i++) {
                sa += lab.a()[i];
                sb += lab.b()[i];
            }
            return new MeanChroma(sa / lab.pixelCount(), sb / lab.pixelCount());
        }

        double distance(MeanChroma o) {
            return Math.hypot(a - o.a, b - o.b);
        }
    }

    /**
     * One image's scores; the truth scores against itself (PSNR ∞, SSIM 1) apart from its colourfulness. Cast
     * is the a*b* distance between an image's mean chroma and the truth's (gray's is the truth's own mean
     * chroma); harmed means our PSNR is more than {@value #HARM_DB} dB below the gray input's.
     */
    public record ImageScores(String file, int width, int height, Scores gray, Scores ours, Scores truth,
                              MeanChroma oursChroma, MeanChroma truthChroma) {
        public double castOurs() {
            return oursChroma.distance(truthChroma);
        }

        public double castGray() {
            return truthChroma.distance(new MeanChroma(0, 0));
        }

        public boolean harmed() {
            return ours.psnr() < gray.psnr() - HARM_DB;
        }
    }

    /** How much worse than gray an image must be to count as harmed (design.md). */
    public static final double HARM_DB = 1.0;

    /**
     * Means over the images, and ΔCF = |mean CF(column) − mean CF(truth)| (0 for the truth itself).
     */
    public record Summary(int images, Scores gray, Scores ours, Scores truth, double deltaCfGray,
            double deltaCfOurs, double castGray, double castOurs, double harmedShare) {
        public static Summary of(List<ImageScores> images) {
            Scores gray = mean(images.stream().map(ImageScores::gray).toList());
            Scores ours = mean(images.stream().map(ImageScores::ours).toList());
            Scores truth = mean(images.stream().map(ImageScores::truth).toList());
            int n = images.size();
            return new Summary(n, gray, ours, truth,
                    Math.abs(gray.colourfulness() - truth.colourfulness()),
                    Math.abs(ours.colourfulness() - truth.colourfulness()),
                    images.stream().mapToDouble(ImageScores::castGray).sum() / n,
                    images.stream().mapToDouble(ImageScores::castOurs).sum() / n,
                    images.stream().filter(ImageScores::harmed).count() / (double) n);
        }

        private static Scores mean(List<Scores> all) {
            double psnr = 0, ssimL = 0, ssimRgb = 0, cf = 0, chroma = 0;
            for (Scores s : all) {
                psnr += s.psnr();
                ssimL += s.ssimLightness();
                ssimRgb += s.ssimRgb();
                cf += s.colourfulness();
                chroma += s.chromaError();
            }
            int n = all.size();
            return new Scores(psnr / n, ssimL / n, ssimRgb / n, cf / n, chroma / n);
        }
    }

    public EvaluationReport {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }

    /** The summary as a markdown table: metric | gray | ours | truth. */
    public String markdown() {
        Summary s = summary;
        StringBuilder md = new StringBuilder();
        md.append("Image colorization quality: ").append(s.images()).append(" image(s) from ").append(source);
        if (!failures.isEmpty()) {
            md.append(", ").append(failures.size()).append(" failed");
        }
        md.append("\n\n| metric | gray | ours | truth |\n|---|---:|---:|---:|\n");
        row(md, "PSNR, RGB (dB) ↑", "%.2f", s.gray().psnr(), s.ours().psnr(), s.truth().psnr());
        row(md, "SSIM, L* ↑", "%.4f", s.gray().ssimLightness(), s.ours().ssimLightness(), s.truth().ssimLightness());
        row(md, "SSIM, RGB ↑", "%.4f", s.gray().ssimRgb(), s.ours().ssimRgb(), s.truth().ssimRgb());
        row(md, "Colourfulness", "%.2f", s.gray().colourfulness(), s.ours().colourfulness(),
                s.truth().colourfulness());
        row(md, "ΔCF ↓", "%.2f", s.deltaCfGray(), s.deltaCfOurs(), 0.0);
        row(md, "Cast, a*b* ↓", "%.2f", s.castGray(), s.castOurs(), 0.0);
        row(md, "Error, a*b* (RMS) ↓", "%.2f", s.gray().chromaError(), s.ours().chromaError(),
                s.truth().chromaError());
        md.append("| Harmed (> 1 dB below gray) ↓ | | ")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * s.harmedShare())).append(" | |\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String metric, String format, double gray, double ours, double truth) {
        md.append("| ").append(metric).append(" | ").append(number(format, gray)).append(" | ")
                .append(number(format, ours)).append(" | ").append(number(format, truth)).append(" |\n");
    }

    private static String number(String format, double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, format, v);
    }

    /** One row per image; PSNR of identical images is written {@code inf}. */
    public String csv() {
        StringBuilder csv = new StringBuilder("file,width,height,psnr_gray,psnr_ours,ssim_l_gray,ssim_l_ours,"
                + "ssim_rgb_gray,ssim_rgb_ours,cf_gray,cf_ours,cf_truth,a_ours,b_ours,a_truth,b_truth,cast_gray,cast_ours,"
                + "harmed,ab_error_gray,ab_error_ours\n");
        for (ImageScores i : images) {
            csv.append(csvField(i.file())).append(',').append(i.width()).append(',').append(i.height());
            for (double v : new double[] {i.gray().psnr(), i.ours().psnr(), i.gray().ssimLightness(),
                    i.ours().ssimLightness(), i.gray().ssimRgb(), i.ours().ssimRgb(), i.gray().colourfulness(),
                    i.ours().colourfulness(), i.truth().colourfulness(), i.oursChroma().a(), i.oursChroma().b(),
                    i.truthChroma().a(), i.truthChroma().b(), i.castGray(), i.castOurs()}) {
                csv.append(',').append(Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.toString(v));
            }
            csv.append(',').append(i.harmed()).append(',').append(i.gray().chromaError()).append(',')
                    .append(i.ours().chromaError()).append('\n');
        }
        return csv.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * Summary, per-image scores and failures as JSON. Jackson writes non-finite numbers as the strings
     * {@code "Infinity"} / {@code "NaN"}, so the output stays valid JSON.
     */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("summary", summary);
        root.put("images", images);
        root.put("failures", ReportJson.failures(failures));
        return ReportJson.write(root);
    }
}
