package io.colorstream.model;

/**
 * How a black-and-white film stock turns a coloured scene into gray: a weighting of linear red, green and blue
 * into the light the emulsion records, read as CIELAB L*. The colorizer was trained on L* (panchromatic), but
 * films made before the mid-1920s were mostly shot on orthochromatic stock, blind to red: faces and lips came
 * out darker and skies paler than L* says. Training (`train --film-stocks`) and evaluation
 * (`evaluate --film-stock`, with a print's tone: {@link FilmLook}) use this to show the model such grays.
 */
public enum FilmStock {
    /** Sees as the eye does: CIE luminance Y, so the gray is the photo's own L* (what a film frame's gray is taken as). */
    PANCHROMATIC(0.2126729, 0.7151522, 0.0721750),
    /**
     * Blue and green, almost no red (orthochromatic emulsions respond up to about 580 nm): an approximation in
     * linear sRGB, the channel mix photo editors use to imitate it. White stays white (the weights sum to 1).
     */
    ORTHOCHROMATIC(0.05, 0.45, 0.50);

    private static final float[] SRGB_TO_LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SRGB_TO_LINEAR[i] = (float) ColorSpace.srgbToLinear(i / 255.0);
        }
    }

    private final double red;
    private final double green;
    private final double blue;

    FilmStock(double red, double green, double blue) {
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /** The relative luminance this stock records from linear RGB in [0, 1]. */
    public double recorded(double linearRed, double linearGreen, double linearBlue) {
        return red * linearRed + green * linearGreen + blue * linearBlue;
    }

    /** 8-bit sRGB → the L code of the gray this stock records. */
    public byte lCodeOfSrgb(int r, int g, int b) {
        if (this == PANCHROMATIC) {
            return ColorSpace.lCodeOfSrgb(r, g, b); // the table path every frame takes: identical codes
        }
        double y = recorded(SRGB_TO_LINEAR[r & 0xFF], SRGB_TO_LINEAR[g & 0xFF], SRGB_TO_LINEAR[b & 0xFF]);
        return (byte) ColorSpace.lCode(ColorSpace.yToL(Math.max(0, Math.min(1, y))));
    }
}
