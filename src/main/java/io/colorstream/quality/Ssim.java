package io.colorstream.quality;

/**
 * Structural similarity (Wang et al. 2004) with the standard settings: an 11×11 Gaussian window of σ 1.5
 * (normalized to sum 1), K1 = 0.01, K2 = 0.03, dynamic range 255, population (not sample) covariances.
 *
 * <p>Edges: the score is the mean of the SSIM map over the <em>valid</em> region only, the positions where the
 * whole window lies inside the image, i.e. a 5-pixel border is left out. This equals Wang's MATLAB code
 * ({@code filter2(..., 'valid')}) and scikit-image's {@code structural_similarity(gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=255)}, which filters with reflection and then crops the
 * same border; no padding convention enters the result. Images must therefore be at least 11×11.
 *
 * <p>The design measures SSIM on the L channel: {@link #lightness} scales L* to [0, 255] first. Because a
 * colorization keeps the input's L, that score stays near 1 and mostly reflects gamut clipping; {@link #rgb}
 * (the mean of the per-channel SSIMs, as scikit-image does with {@code channel_axis}) is given beside it.
 */
public final class Ssim {
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    public static final double DYNAMIC_RANGE = 255.0;

    private static final double C1 = (K1 * DYNAMIC_RANGE) * (K1 * DYNAMIC_RANGE);
    private static final double C2 = (K2 * DYNAMIC_RANGE) * (K2 * DYNAMIC_RANGE);
    private static final double[] KERNEL = gaussianKernel();

    private Ssim() {
    }

    /** The 1-D window; the 2-D window is its outer product with itself. */
    static double[] kernel() {
        return KERNEL.clone();
    }

    private static double[] gaussianKernel() {
        double[] k = new double[WINDOW];
        int r = WINDOW / 2;
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            k[i] = Math.exp(-((i - r) * (i - r)) / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * Mean SSIM of two planes with values on a 0..255 scale.
     *
     * @throws IllegalArgumentException if the sizes differ or either side is under 11 pixels
     */
    public static double of(float[] x, float[] y, int width, int height) {
        if (x.length != (long) width * height || y.length != x.length) {
            throw new IllegalArgumentException("SSIM planes must hold " + (long) width * height + " values for "
                    + width + "x" + height + ", got " + x.length + " and " + y.length);
        }
        if (width < WINDOW || height < WINDOW) {
            throw new IllegalArgumentException("SSIM needs at least " + WINDOW + "x" + WINDOW
                    + " pixels (its Gaussian window), got " + width + "x" + height);
        }
        int vw = width - WINDOW + 1;
        int vh = height - WINDOW + 1;
        // Horizontal pass over every row, valid columns only, for the five moments.
        int n = vw * height;
        double[] hx = new double[n];
        double[] hy = new double[n];
        double[] hxx = new double[n];
        double[] hyy = new double[n];
        double[] hxy = new double[n];
        for (int row = 0; row < height; row++) {
            int base = row * width;
            for (int col = 0; col < vw; col++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = KERNEL[k];
                    double px = x[base + col + k];
                    double py = y[base + col + k];
                    sx += w * px;
                    sy += w * py;
                    sxx += w * px * px;
                    syy += w * py * py;
                    sxy += w * px * py;
                }
                int o = row * vw + col;
                hx[o] = sx;
                hy[o] = sy;
                hxx[o] = sxx;
                hyy[o] = syy;
                hxy[o] = sxy;
            }
        }
        // Vertical pass over the valid rows, then the SSIM map, summed.
        double total = 0;
        for (int row = 0; row < vh; row++) {
            for (int col = 0; col < vw; col++) {
                double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = KERNEL[k];
                    int o = (row + k) * vw + col;
                    mx += w * hx[o];
                    my += w * hy[o];
                    exx += w * hxx[o];
                    eyy += w * hyy[o];
                    exy += w * hxy[o];
                }
                double vx = exx - mx * mx;
                double vy = eyy - my * my;
                double cxy = exy - mx * my;
                total += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
        }
        return total / ((double) vw * vh);
    }

    /** SSIM on CIELAB L*, scaled from [0, 100] to [0, 255]. */
    public static double lightness(LabImage x, LabImage y) {
        if (x.width() != y.width() || x.height() != y.height()) {
            throw new IllegalArgumentException("SSIM needs images of one size, got " + x.width() + "x" + x.height()
                    + " and " + y.width() + "x" + y.height());
        }
        return of(scaledL(x), scaledL(y), x.width(), x.height());
    }

    /** SSIM on the L* of two sRGB images (converted exactly), scaled to [0, 255]. */
    public static double lightness(RgbImage x, RgbImage y) {
        x.requireSameSize(y, "SSIM");
        return lightness(LabImage.fromRgb(x), LabImage.fromRgb(y));
    }

    /** Mean of the SSIMs of the R, G and B channels. */
    public static double rgb(RgbImage x, RgbImage y) {
        x.requireSameSize(y, "SSIM");
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += of(channel(x, c), channel(y, c), x.width(), x.height());
        }
        return sum / 3;
    }

    private static float[] scaledL(LabImage image) {
        float[] l = image.l();
        float[] out = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] * 2.55f;
        }
        return out;
    }

    private static float[] channel(RgbImage image, int c) {
        byte[] p = image.rgb();
        float[] out = new float[image.pixelCount()];
        for (int i = 0, o = c; i < out.length; i++, o += 3) {
            out[i] = p[o] & 0xFF;
        }
        return out;
    }
}
