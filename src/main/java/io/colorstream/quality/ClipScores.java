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

    /**
     * The gray version (L* only) against the truth: the floor a colorizer must beat.
     *
     * @param cast        mean over frames of the truth's own mean chroma (gray's distance from it)
     * @param chromaError mean over frames of the RMS a*b* distance from the truth ({@link ChromaError})
     */
    public record Gray(double psnr, double cdc, double colourfulness, double cast, double chromaError) {
    }

    /**
     * Our colorization against the truth.
     *
     * @param cdcRatio     cdc / the truth's cdc (target ≤ 1.1)
     * @param flickerRatio flicker / the truth's flicker (target ≤ 1.0)
     * @param cast         mean over frames of the a*b* distance between our mean chroma and the truth's
     * @param harmedShare  share of frames whose PSNR is more than 1 dB below the gray version's
     * @param chromaError  mean over frames of the RMS a*b* distance from the truth ({@link ChromaError})
     */
    public record Ours(double psnr, double cdc, double flicker, double colourfulness, double cdcRatio,
                       double flickerRatio, double cast, double harmedShare, double chromaError) {
        static Ours of(double psnr, double cdc, double flicker, double colourfulness, double cast,
                       double harmedShare, double chromaError, Truth truth) {
            return new Ours(psnr, cdc, flicker, colourfulness, cdc / truth.cdc(), flicker / truth.flicker(), cast,
                    harmedShare, chromaError);
        }
    }
}
