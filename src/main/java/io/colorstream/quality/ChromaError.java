package io.colorstream.quality;

/**
 * The colour's own error: the root-mean-square a*b* distance between an image and the truth, pixel by pixel.
 * Unlike PSNR in RGB it leaves lightness out, so it judges the colour alone even where the gray's lightness is
 * not the truth's (grays of old film: {@code evaluate --film-stock / --film-print}). Gray's is the truth's own
 * RMS chroma.
 */
public final class ChromaError {
    private ChromaError() {
    }

    /** RMS of √(Δa*² + Δb*²) over the pixels. */
    public static double of(LabImage x, LabImage truth) {
        if (x.width() != truth.width() || x.height() != truth.height()) {
            throw new IllegalArgumentException("a*b* error needs images of one size, got " + x.width() + "x"
                    + x.height() + " and " + truth.width() + "x" + truth.height());
        }
        double sum = 0;
        for (int i = 0; i < x.a().length; i++) {
            double da = x.a()[i] - truth.a()[i];
            double db = x.b()[i] - truth.b()[i];
            sum += da * da + db * db;
        }
        return Math.sqrt(sum / x.a().length);
    }
}
