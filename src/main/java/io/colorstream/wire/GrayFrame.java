package io.colorstream.wire;

/**
 * One decoded frame's luminance.
 *
 * @param videoId  the video it belongs to
 * @param seq      0-based position in the film's presentation order
 * @param shot     0-based shot index from the cut detector
 * @param ptsMicros presentation timestamp in microseconds from the start of the film
 * @param width    frame width in pixels
 * @param height   frame height in pixels
 * @param luma     CIELAB L* as 8-bit codes (round(L*·255/100)), row-major, width·height bytes, lossless
 */
public record GrayFrame(String videoId, long seq, int shot, long ptsMicros, int width, int height, byte[] luma)
        implements GrayRecord {
    public GrayFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (luma == null || luma.length != width * height) {
            throw new IllegalArgumentException("luma must hold " + width * height + " bytes for "
                    + width + "x" + height + ", got " + (luma == null ? "none" : luma.length));
        }
    }

    /** The Kafka key: all frames of a shot share it, so they stay on one partition, in order. */
    public String key() {
        return FrameKeys.of(videoId, shot);
    }
}
