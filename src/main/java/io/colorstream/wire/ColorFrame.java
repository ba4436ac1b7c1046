package io.colorstream.wire;

/**
 * One colorized frame: the full-resolution luminance it came with, plus chroma at model resolution.
 * The encoder upsamples the chroma and recombines it with {@code luma}; chroma never needs more than the
 * model's own resolution, so a 1080p frame costs the same chroma bytes as a 360p one.
 *
 * @param luma   L* codes as in {@link GrayFrame#luma()}, width·height bytes
 * @param chroma interleaved a*, b* as signed bytes (a* and b* rounded and clamped to [-128, 127]),
 *               chromaWidth·chromaHeight·2 bytes
 */
public record ColorFrame(String videoId, long seq, int shot, long ptsMicros, int width, int height, byte[] luma,
                         int chromaWidth, int chromaHeight, byte[] chroma) implements ColorRecord {
    public ColorFrame {
        if (luma == null || luma.length != width * height) {
            throw new IllegalArgumentException("luma must hold " + width * height + " bytes");
        }
        if (chroma == null || chroma.length != chromaWidth * chromaHeight * 2) {
            throw new IllegalArgumentException("chroma must hold " + chromaWidth * chromaHeight * 2 + " bytes");
        }
    }

    public String key() {
        return FrameKeys.of(videoId, shot);
    }
}
