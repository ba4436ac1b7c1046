package io.colorstream.wire;

/**
 * How the source's pixels are laid out, so the colour film keeps its shape: the sample (pixel) aspect ratio of
 * anamorphic masters (PAL DV 16:15, NTSC 32:27) and the field order of interlaced video ({@code tt}: top field
 * first, as FFmpeg names it). Part of {@link VideoFacts} since wire v1.1; older records have none (square pixels,
 * progressive).
 *
 * @param sarNum     sample aspect ratio numerator (1 for square pixels)
 * @param sarDen     sample aspect ratio denominator
 * @param fieldOrder {@code progressive}, {@code tt}, {@code bb}, {@code tb}, {@code bt}, or {@code unknown}
 * @param bitDepth   bits per sample of the source's picture (8, 10, 12); 0 when older records did not say
 */
public record PictureShape(int sarNum, int sarDen, String fieldOrder, int bitDepth) {
    public static final PictureShape SQUARE_PROGRESSIVE = new PictureShape(1, 1, "progressive", 8);

    public PictureShape(int sarNum, int sarDen, String fieldOrder) {
        this(sarNum, sarDen, fieldOrder, 8);
    }

    /** A source of more than 8 bits a sample: a film of it is written in 10 bits where the codec allows. */
    public boolean deep() {
        return bitDepth > 8;
    }

    public PictureShape {
        if (sarNum <= 0 || sarDen <= 0) { // FFmpeg says 0:1 when it does not know: square pixels
            sarNum = 1;
            sarDen = 1;
        }
        if (fieldOrder == null) {
            fieldOrder = "unknown";
        }
    }

    /** From FFmpeg's AVFieldOrder (0 unknown, 1 progressive, 2 tt, 3 bb, 4 tb, 5 bt). */
    public static String fieldOrderName(int avFieldOrder) {
        return switch (avFieldOrder) {
            case 1 -> "progressive";
            case 2 -> "tt";
            case 3 -> "bb";
            case 4 -> "tb";
            case 5 -> "bt";
            default -> "unknown";
        };
    }

    /** Pixels are not square. */
    public boolean anamorphic() {
        return sarNum != sarDen;
    }

    /** The picture is two fields; true for tt and tb (the top field is shown first). */
    public boolean interlaced() {
        return !fieldOrder.equals("progressive") && !fieldOrder.equals("unknown");
    }

    public boolean topFieldFirst() {
        return fieldOrder.equals("tt") || fieldOrder.equals("tb");
    }

    public double sampleAspectRatio() {
        return (double) sarNum / sarDen;
    }
}
