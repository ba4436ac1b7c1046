package io.colorstream.quality;

/**
 * Chroma flicker of one clip: the mean of |Δa*| + |Δb*| between consecutive frames over the pixels whose L*
 * changed by less than {@value #STATIC_L_CHANGE} (static areas), pooled over all such pixels of all
 * consecutive pairs of the clip. Compare with the same number on the colour ground truth.
 *
 * <p>Feed frames in order with {@link #add}; only the previous frame is kept.
 */
public final class Flicker {
    /** A pixel is static when |ΔL*| is below this. */
    public static final float STATIC_L_CHANGE = 2f;

    private LabImage previous;
    private double sum;
    private long staticPixels;
    private int frames;

    /** Flicker of a clip given as Lab frames in order. */
    public static double ofLab(Iterable<LabImage> frames) {
        Flicker flicker = new Flicker();
        frames.forEach(flicker::add);
        return flicker.value();
    }

    /** Flicker of a clip given as 8-bit sRGB frames in order (converted exactly with ColorSpace). */
    public static double ofRgb(Iterable<RgbImage> frames) {
        Flicker flicker = new Flicker();
        frames.forEach(flicker::add);
        return flicker.value();
    }

    /** Adds the next frame, converting it to CIELAB. */
    public void add(RgbImage frame) {
        add(LabImage.fromRgb(frame));
    }

    /** Adds the next frame; all frames of a clip must share a size. */
    public void add(LabImage frame) {
        if (previous != null) {
            if (frame.width() != previous.width() || frame.height() != previous.height()) {
                throw new IllegalArgumentException("flicker needs frames of one size, got "
                        + previous.width() + "x" + previous.height() + " then " + frame.width() + "x" + frame.height());
            }
            float[] l0 = previous.l(), a0 = previous.a(), b0 = previous.b();
            float[] l1 = frame.l(), a1 = frame.a(), b1 = frame.b();
            double pairSum = 0;
            long count = 0;
            for (int i = 0; i < l1.length; i++) {
                if (Math.abs(l1[i] - l0[i]) < STATIC_L_CHANGE) {
                    pairSum += Math.abs(a1[i] - a0[i]) + Math.abs(b1[i] - b0[i]);
                    count++;
                }
            }
            sum += pairSum;
            staticPixels += count;
        }
        previous = frame;
        frames++;
    }

    public int frames() {
        return frames;
    }

    /** Static pixels counted over all consecutive pairs so far. */
    public long staticPixels() {
        return staticPixels;
    }

    /**
     * Mean |Δa*| + |Δb*| per static pixel; {@link Double#NaN} when the clip has no static pixel at all.
     *
     * @throws IllegalStateException with fewer than two frames
     */
    public double value() {
        if (frames < 2) {
            throw new IllegalStateException("flicker needs at least two frames, got " + frames);
        }
        return staticPixels == 0 ? Double.NaN : sum / staticPixels;
    }
}
