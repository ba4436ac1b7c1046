package io.colorstream.stream;

/**
 * Smooths chroma over time so colour does not flicker, without smearing what moves.
 *
 * <p>Per pixel, an exponential moving average: {@code out = keep·previous + (1 − keep)·current}, where
 * {@code keep = weight · (1 − smoothstep(t))} and {@code t = min(1, |ΔL*| / lumaTolerance)}. Where the luminance
 * is unchanged the full weight applies; where it changed by the tolerance or more the pixel takes the new
 * chroma as is (something moved in, and its colour must not be dragged from what was there before).
 * Smoothstep ({@code t²(3 − 2t)}) rather than a straight line: it is flat near 0, so film grain and noise
 * (small ΔL*) barely weaken the smoothing, and it meets 0 without a kink at the tolerance.
 *
 * <p>Pure arithmetic on arrays at the model's size: chroma interleaved a*, b* (2 floats per pixel, in a* and b* units),
 * luminance in L* (1 float per pixel). The loop allocates nothing.
 */
public final class ChromaSmoother {
    private final boolean enabled;
    private final float weight;
    private final float inverseTolerance;

    public ChromaSmoother(SmoothingSettings settings) {
        this.enabled = settings.enabled();
        this.weight = settings.weight();
        this.inverseTolerance = 1f / settings.lumaTolerance();
    }

    /**
     * Writes the smoothed chroma of the current frame into {@code out}, which may be {@code currentAb} or
     * {@code previousAb} itself.
     *
     * @param previousAb    the previous frame's smoothed chroma, 2·n floats
     * @param previousLuma  the previous frame's luminance at model size, n floats (L*)
     * @param currentAb     this frame's chroma from the model, 2·n floats
     * @param currentLuma   this frame's luminance at model size, n floats (L*)
     * @param out           2·n floats
     */
    public void smooth(float[] previousAb, float[] previousLuma, float[] currentAb, float[] currentLuma,
                       float[] out) {
        int n = currentLuma.length;
        if (previousLuma.length != n || previousAb.length != 2 * n || currentAb.length != 2 * n
                || out.length != 2 * n) {
            throw new IllegalArgumentException("smoothing needs luminance of n values and chroma of 2n for the"
                    + " same n: previous ab " + previousAb.length + ", previous L " + previousLuma.length
                    + ", current ab " + currentAb.length + ", current L " + n + ", out " + out.length);
        }
        if (!enabled) {
            if (out != currentAb) {
                System.arraycopy(currentAb, 0, out, 0, 2 * n);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float t = Math.abs(currentLuma[i] - previousLuma[i]) * inverseTolerance;
            float keep = t >= 1f ? 0f : weight * (1f - t * t * (3f - 2f * t));
            int j = i << 1;
            float a = currentAb[j];
            float b = currentAb[j + 1];
            out[j] = a + keep * (previousAb[j] - a);
            out[j + 1] = b + keep * (previousAb[j + 1] - b);
        }
    }

    /** Convenience for callers that do not keep buffers: returns a new array. */
    public float[] smooth(float[] previousAb, float[] previousLuma, float[] currentAb, float[] currentLuma) {
        float[] out = new float[currentAb.length];
        smooth(previousAb, previousLuma, currentAb, currentLuma, out);
        return out;
    }
}
