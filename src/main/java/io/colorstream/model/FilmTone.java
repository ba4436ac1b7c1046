package io.colorstream.model;

import java.util.Locale;

/**
 * The tone of a film as it reaches us: a print or transfer maps the scene's lightness onto a range of its own
 * (L* → black + (white − black) · (L* / 100)^gamma). Old film seldom spans L* 0–100 as a photo does: dense
 * prints and dark transfers top out at L* 60–75 and sit low, worn prints lift their blacks. The colorizer learnt
 * from photos' own L*, so its colour changes with such a range; training (`train --film-prints`) and evaluation
 * (`evaluate --film-print`) use this to show it those grays.
 *
 * @param black L* the scene's black comes out at (0–50)
 * @param white L* the scene's white comes out at (above black, at most 100)
 * @param gamma the curve between them (1 = straight; above 1 darker mid-tones)
 */
public record FilmTone(double black, double white, double gamma) {
    /** The scene's own lightness. */
    public static final FilmTone AS_SHOT = new FilmTone(0, 100, 1);
    /** A dense print or a dark transfer: whites at L* 65 (as in several silent films in ../shared's old-film set). */
    public static final FilmTone DIM = new FilmTone(0, 65, 1);
    /** A worn print: blacks lifted to L* 20, whites dulled to L* 90. */
    public static final FilmTone FADED = new FilmTone(20, 90, 1);

    public FilmTone {
        if (!(black >= 0 && black <= 50 && white > black && white <= 100 && gamma > 0 && gamma <= 4)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a film tone needs 0 <= black <= 50, black < white <= 100 and 0 < gamma <= 4, got black %.1f,"
                            + " white %.1f, gamma %.2f", black, white, gamma));
        }
    }

    /** {@code as-shot}, {@code dim} or {@code faded}, in any case. */
    public static FilmTone named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "as-shot" -> AS_SHOT;
            case "dim" -> DIM;
            case "faded" -> FADED;
            default -> throw new IllegalArgumentException("'" + name + "' is not a film print: give as-shot, dim or "
                    + "faded");
        };
    }

    /** The name {@link #named} reads, for the three presets; the curve's numbers otherwise. */
    public String label() {
        if (equals(AS_SHOT)) {
            return "as-shot";
        }
        if (equals(DIM)) {
            return "dim";
        }
        if (equals(FADED)) {
            return "faded";
        }
        return String.format(Locale.ROOT, "L* %.0f–%.0f, gamma %.2f", black, white, gamma);
    }

    /** The L-code table of this tone: code → code. */
    public byte[] table() {
        byte[] t = new byte[256];
        for (int c = 0; c < 256; c++) {
            double l = ColorSpace.lOfCode(c) / 100.0;
            t[c] = (byte) ColorSpace.lCode(black + (white - black) * Math.pow(l, gamma));
        }
        return t;
    }

    /** L codes through this tone, in place. */
    public void apply(byte[] codes) {
        if (equals(AS_SHOT)) {
            return;
        }
        byte[] t = table();
        for (int i = 0; i < codes.length; i++) {
            codes[i] = t[codes[i] & 0xFF];
        }
    }
}
