package io.colorstream.quality;

/**
 * What {@link VideoEvaluation} measured on one colour clip: the truth itself, its gray version, and our
 * colorization with temporal smoothing off and on. PSNR and colourfulness are means over frames; CDC and
 * flicker are the clip's values as {@link Cdc} and {@link Flicker} define them.
 *
 * @param clip   the clip's name (its file name)
 * @param frames frames evaluated
 */
public record ClipScores(String clip, int frames, int width, int height, Truth truth, Gray gray, Ours smoothingOff,
                         Ours smoothingOn) {

    /** The colour ground truth: what our numbers are compared with. */
    public record Truth(double cdc, double flicker, double colourfulness) {
    }

    /** The gray version (L* only) against the truth: the floor a colorizer must beat. */
    public record Gray(double psnr, double cdc, double colourfulness) {
    }

    /**
     * Our colorization against the truth.
     *
     * @param cdcRatio     cdc / the truth's cdc (target ≤ 1.1)
     * @param flickerRatio flicker / the truth's flicker (target ≤ 1.0)
     */
    public record Ours(double psnr, double cdc, double flicker, double colourfulness, double cdcRatio,
                       double flickerRatio) {
        static Ours of(double psnr, double cdc, double flicker, double colourfulness, Truth truth) {
            return new Ours(psnr, cdc, flicker, colourfulness, cdc / truth.cdc(), flicker / truth.flicker());
        }
    }
}
