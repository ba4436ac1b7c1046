package io.colorstream.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * What a {@link SaturationSweep} found: mean PSNR and colourfulness at each saturation, beside gray's PSNR and
 * the truth's colourfulness, and the PSNR read off (linearly between the two saturations around it) where the
 * signed ΔCF, ours − truth, equals the target.
 */
public record SweepReport(String source, int images, double grayPsnr, double truthColourfulness, List<Point> points,
                          double targetSignedDeltaCf, List<ImageFailure> failures) {

    /** Means over the images at one saturation. */
    public record Point(double saturation, double psnr, double colourfulness, double cast, double harmedShare) {
        public Point(double saturation, double psnr, double colourfulness) {
            this(saturation, psnr, colourfulness, Double.NaN, Double.NaN);
        }

    }

    public SweepReport {
        points = List.copyOf(points);
        failures = List.copyOf(failures);
    }

    /** Ours − truth colourfulness at point {@code i}: negative is calmer than the truth. */
    public double signedDeltaCf(int i) {
        return points.get(i).colourfulness() - truthColourfulness;
    }

    /**
     * The PSNR where the signed ΔCF crosses {@link #targetSignedDeltaCf()}, interpolated linearly between the
     * first pair of neighbouring saturations that bracket it; empty when the sweep does not reach it.
     */
    public OptionalDouble psnrAtTarget() {
        return atTarget(Point::psnr);
    }

    /** The saturation at the same crossing; empty when the sweep does not reach it. */
    public OptionalDouble saturationAtTarget() {
        return atTarget(Point::saturation);
    }

    private OptionalDouble atTarget(ToDoubleFunction<Point> value) {
        for (int i = 0; i + 1 < points.size(); i++) {
            double d0 = signedDeltaCf(i);
            double d1 = signedDeltaCf(i + 1);
            double t = d0 == d1 ? Double.NaN : (targetSignedDeltaCf - d0) / (d1 - d0);
            if (t >= 0 && t <= 1) {
                double v0 = value.applyAsDouble(points.get(i));
                return OptionalDouble.of(v0 + t * (value.applyAsDouble(points.get(i + 1)) - v0));
            }
        }
        return OptionalDouble.empty();
    }

    /** saturation | PSNR | gain over gray | colourfulness | signed ΔCF, then the row at the target. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Saturation sweep: ").append(images).append(" image(s) from ").append(source);
        if (!failures.isEmpty()) {
            md.append(", ").append(failures.size()).append(" failed");
        }
        md.append(String.format(Locale.ROOT, "; gray PSNR %.2f dB, truth colourfulness %.2f%n%n", grayPsnr,
                truthColourfulness));
        md.append("| saturation | PSNR, RGB (dB) | over gray (dB) | colourfulness | ΔCF, ours − truth | cast | harmed |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            md.append(String.format(Locale.ROOT, "| %.2f | %.2f | %+.2f | %.2f | %+.2f | %.2f | %.1f %% |%n",
                    p.saturation(), p.psnr(), p.psnr() - grayPsnr, p.colourfulness(), signedDeltaCf(i), p.cast(),
                    100 * p.harmedShare()));
        }
        OptionalDouble at = psnrAtTarget();
        if (at.isPresent()) {
            md.append(String.format(Locale.ROOT, "| **%.2f** | **%.2f** | **%+.2f** | %.2f | %+.2f |%n",
                    saturationAtTarget().getAsDouble(), at.getAsDouble(), at.getAsDouble() - grayPsnr,
                    truthColourfulness + targetSignedDeltaCf, targetSignedDeltaCf));
            md.append(String.format(Locale.ROOT, "%nAt ΔCF %+.1f (interpolated): PSNR %.2f dB, %+.2f over gray.%n",
                    targetSignedDeltaCf, at.getAsDouble(), at.getAsDouble() - grayPsnr));
        } else {
            md.append(String.format(Locale.ROOT, "%nΔCF %+.1f is not between the swept saturations' (%+.2f to %+.2f):"
                    + " widen the sweep.%n", targetSignedDeltaCf, signedDeltaCf(0), signedDeltaCf(points.size() - 1)));
        }
        return md.toString();
    }

    /** Everything as JSON; the read-off point is null when the sweep does not reach the target. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("images", images);
        root.put("grayPsnr", grayPsnr);
        root.put("truthColourfulness", truthColourfulness);
        root.put("points", points);
        root.put("targetSignedDeltaCf", targetSignedDeltaCf);
        OptionalDouble at = psnrAtTarget();
        root.put("psnrAtTarget", at.isPresent() ? at.getAsDouble() : null);
        root.put("saturationAtTarget", at.isPresent() ? saturationAtTarget().getAsDouble() : null);
        root.put("failures", ReportJson.failures(failures));
        return ReportJson.write(root);
    }
}
