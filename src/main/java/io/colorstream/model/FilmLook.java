package io.colorstream.model;

/**
 * The gray a black-and-white film shows of a coloured scene: the stock's response to colour, then the print's
 * tone. What evaluation grays its colour originals with; {@link #PHOTO} is the photo's own L*, as every frame is
 * taken.
 */
public record FilmLook(FilmStock stock, FilmTone tone) {
    public static final FilmLook PHOTO = new FilmLook(FilmStock.PANCHROMATIC, FilmTone.AS_SHOT);

    /** Interleaved 8-bit RGB → the L codes of this look's gray. */
    public byte[] lightnessCodes(byte[] rgb, int pixels) {
        byte[] codes = new byte[pixels];
        for (int i = 0, o = 0; i < pixels; i++, o += 3) {
            codes[i] = stock.lCodeOfSrgb(rgb[o] & 0xFF, rgb[o + 1] & 0xFF, rgb[o + 2] & 0xFF);
        }
        tone.apply(codes);
        return codes;
    }

    /** A report's source, and the look that made its grays when it is not the photo's own L*. */
    public String describing(String source) {
        if (equals(PHOTO)) {
            return source;
        }
        String stockName = stock.name().toLowerCase(java.util.Locale.ROOT);
        return source + " (grays as " + stockName + " film records them, " + tone.label() + " print)";
    }
}
