package io.colorstream.quality;

import io.colorstream.quality.ClipScores.Gray;
import io.colorstream.quality.ClipScores.Ours;
import io.colorstream.quality.ClipScores.Truth;
import io.colorstream.stream.SmoothingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What {@code colorstream evaluate --video} found: scores per clip, their means over clips, and the clips that
 * failed. Renders itself as markdown (a summary table and a per-clip table) and JSON.
 *
 * @param smoothing the settings of the "smoothing on" variant
 */
public record VideoEvaluationReport(String source, SmoothingSettings smoothing, List<ClipScores> clips,
                                    Summary summary, List<ImageFailure> failures) {
    /** CDC of ours may be at most this multiple of the truth's. */
    public static final double CDC_TARGET = 1.1;
    /** Flicker of ours may be at most this multiple of the truth's. */
    public static final double FLICKER_TARGET = 1.0;

    /**
     * Means over clips (a measure that is NaN for a clip, e.g. flicker of a clip without static pixels, is
     * averaged over the other clips). The ratios are of the means: mean CDC(ours) / mean CDC(truth), so a clip
     * whose truth is nearly still cannot dominate them. ΔCF = |mean CF(ours) − mean CF(truth)|.
     */
    public record Summary(int clips, int frames, Truth truth, Gray gray, Ours smoothingOff, Ours smoothingOn,
                          double deltaCfGray, double deltaCfOff, double deltaCfOn) {
        static Summary of(List<ClipScores> clips) {
            Truth truth = new Truth(mean(clips, c -> c.truth().cdc()), mean(clips, c -> c.truth().flicker()),
                    mean(clips, c -> c.truth().colourfulness()));
            Gray gray = new Gray(mean(clips, c -> c.gray().psnr()), mean(clips, c -> c.gray().cdc()),
                    mean(clips, c -> c.gray().colourfulness()), mean(clips, c -> c.gray().cast()),
                    mean(clips, c -> c.gray().chromaError()));
            Ours off = ours(clips, ClipScores::smoothingOff, truth);
            Ours on = ours(clips, ClipScores::smoothingOn, truth);
            int frames = clips.stream().mapToInt(ClipScores::frames).sum();
            return new Summary(clips.size(), frames, truth, gray, off, on,
                    Math.abs(gray.colourfulness() - truth.colourfulness()),
                    Math.abs(off.colourfulness() - truth.colourfulness()),
                    Math.abs(on.colourfulness() - truth.colourfulness()));
        }

        private static Ours ours(List<ClipScores> clips, Function<ClipScores, Ours> variant,
                                 Truth truth) {
            return Ours.of(mean(clips, c -> variant.apply(c).psnr()), mean(clips, c -> variant.apply(c).cdc()),
                    mean(clips, c -> variant.apply(c).flicker()), mean(clips, c -> variant.apply(c).colourfulness()),
                    mean(clips, c -> variant.apply(c).cast()), mean(clips, c -> variant.apply(c).harmedShare()),
                    mean(clips, c -> variant.apply(c).chromaError()), truth);
        }

        private static double mean(List<ClipScores> clips, ToDoubleFunction<ClipScores> measure) {
            double sum = 0;
            int n = 0;
            for (ClipScores c : clips) {
                double v = measure.applyAsDouble(c);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    public VideoEvaluationReport {
        clips = List.copyOf(clips);
        failures = List.copyOf(failures);
    }

    /** A summary table (measure | gray | smoothing off | smoothing on | truth) and one row per clip. */
    public String markdown() {
        Summary s = summary;
        StringBuilder md = new StringBuilder();
        md.append("Video colorization quality: ").append(s.clips()).append(" clip(s), ").append(s.frames())
                .append(" frames, from ").append(source);
        if (!failures.isEmpty()) {
            md.append(", ").append(failures.size()).append(" failed");
        }
        md.append(String.format(Locale.ROOT, "%nSmoothing on: weight %.2f, luma tolerance %.1f L*.%n%n",
                smoothing.weight(), smoothing.lumaTolerance()));
        md.append("| measure | gray | ours, smoothing off | ours, smoothing on | truth |\n|---|---:|---:|---:|---:|\n");
        row(md, "PSNR, RGB (dB) ↑", "%.2f", s.gray().psnr(), s.smoothingOff().psnr(), s.smoothingOn().psnr(),
                Double.POSITIVE_INFINITY);
        row(md, "CDC ↓", "%.5f", s.gray().cdc(), s.smoothingOff().cdc(), s.smoothingOn().cdc(), s.truth().cdc());
        row(md, String.format(Locale.ROOT, "CDC ÷ truth (target ≤ %.1f)", CDC_TARGET), "%.3f",
                s.gray().cdc() / s.truth().cdc(), s.smoothingOff().cdcRatio(), s.smoothingOn().cdcRatio(), 1.0);
        row(md, "flicker ↓", "%.4f", Double.NaN, s.smoothingOff().flicker(), s.smoothingOn().flicker(),
                s.truth().flicker());
        row(md, String.format(Locale.ROOT, "flicker ÷ truth (target ≤ %.1f)", FLICKER_TARGET), "%.3f", Double.NaN,
                s.smoothingOff().flickerRatio(), s.smoothingOn().flickerRatio(), 1.0);
        row(md, "colourfulness", "%.2f", s.gray().colourfulness(), s.smoothingOff().colourfulness(),
                s.smoothingOn().colourfulness(), s.truth().colourfulness());
        row(md, "ΔCF ↓", "%.2f", s.deltaCfGray(), s.deltaCfOff(), s.deltaCfOn(), 0.0);
        row(md, "cast, a*b* ↓", "%.2f", s.gray().cast(), s.smoothingOff().cast(), s.smoothingOn().cast(), 0.0);
        row(md, "error, a*b* (RMS) ↓", "%.2f", s.gray().chromaError(), s.smoothingOff().chromaError(),
                s.smoothingOn().chromaError(), 0.0);
        row(md, "frames harmed (> 1 dB below gray) ↓", "%.3f", Double.NaN, s.smoothingOff().harmedShare(),
                s.smoothingOn().harmedShare(), Double.NaN);

        md.append("\nPer clip (smoothing off / on):\n\n| clip | frames | size | PSNR gray | PSNR ours | CDC truth "
                + "| CDC ours ÷ truth | flicker truth | flicker ours ÷ truth | CF truth | CF ours | cast gray | cast ours "
                + "| harmed |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ClipScores c : clips) {
            Ours off = c.smoothingOff();
            Ours on = c.smoothingOn();
            md.append("| ").append(c.clip()).append(" | ").append(c.frames()).append(" | ").append(c.width())
                    .append('×').append(c.height())
                    .append(" | ").append(number("%.2f", c.gray().psnr()))
                    .append(" | ").append(pair("%.2f", off.psnr(), on.psnr()))
                    .append(" | ").append(number("%.5f", c.truth().cdc()))
                    .append(" | ").append(pair("%.3f", off.cdcRatio(), on.cdcRatio()))
                    .append(" | ").append(number("%.4f", c.truth().flicker()))
                    .append(" | ").append(pair("%.3f", off.flickerRatio(), on.flickerRatio()))
                    .append(" | ").append(number("%.2f", c.truth().colourfulness()))
                    .append(" | ").append(pair("%.2f", off.colourfulness(), on.colourfulness()))
                    .append(" | ").append(number("%.2f", c.gray().cast()))
                    .append(" | ").append(pair("%.2f", off.cast(), on.cast()))
                    .append(" | ").append(pair("%.2f", off.harmedShare(), on.harmedShare()))
                    .append(" |\n");
        }
        if (!failures.isEmpty()) {
            md.append("\nFailed:\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String measure, String format, double gray, double off, double on,
                            double truth) {
        md.append("| ").append(measure).append(" | ").append(number(format, gray)).append(" | ")
                .append(number(format, off)).append(" | ").append(number(format, on)).append(" | ")
                .append(number(format, truth)).append(" |\n");
    }

    private static String pair(String format, double off, double on) {
        return number(format, off) + " / " + number(format, on);
    }

    private static String number(String format, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, format, v);
    }

    /**
     * Settings, summary, per-clip scores and failures as JSON. Jackson writes non-finite numbers as the strings
     * {@code "Infinity"} / {@code "NaN"}, so the output stays valid JSON.
     */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("smoothing", smoothing);
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("cdcRatio", CDC_TARGET);
        targets.put("flickerRatio", FLICKER_TARGET);
        root.put("targets", targets);
        root.put("summary", summary);
        root.put("clips", clips);
        root.put("failures", ReportJson.failures(failures));
        return ReportJson.write(root);
    }
}
