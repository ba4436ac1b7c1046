package io.colorstream.quality;

/**
 * Colourfulness after Hasler &amp; Süsstrunk (2003), in the form DDColor and ColorMNet report:
 * rg = |R−G|, yb = |½(R+G) − B|, CF = √(σ_rg² + σ_yb²) + 0.3·√(μ_rg² + μ_yb²), with population standard
 * deviations over all pixels. A neutral gray image scores 0.
 */
public final class Colourfulness {
    private Colourfulness() {
    }

    public static double of(RgbImage image) {
        byte[] p = image.rgb();
        int n = image.pixelCount();
        double sumRg = 0;
        double sumYb = 0;
        double sumRg2 = 0;
        double sumYb2 = 0;
        for (int o = 0; o < p.length; o += 3) {
            int r = p[o] & 0xFF;
            int g = p[o + 1] & 0xFF;
            int b = p[o + 2] & 0xFF;
            double rg = Math.abs(r - g);
            double yb = Math.abs(0.5 * (r + g) - b);
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        double meanRg = sumRg / n;
        double meanYb = sumYb / n;
        // Population variance; clamp the tiny negative values rounding can leave for constant images.
        double varRg = Math.max(0, sumRg2 / n - meanRg * meanRg);
        double varYb = Math.max(0, sumYb2 / n - meanYb * meanYb);
        return Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
