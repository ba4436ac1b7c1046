package io.colorstream.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A frame size for {@code bench}: {@code 480p}, {@code 720p}, {@code 1080p}, {@code 2160p} (16:9, even width)
 * or {@code WIDTHxHEIGHT}.
 */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width < 16 || height < 16 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("frame size out of range: " + width + "x" + height);
        }
    }

    public static FrameSize parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("p")) {
                int h = Integer.parseInt(s.substring(0, s.length() - 1));
                int w = (int) Math.round(h * 16 / 9.0 / 2) * 2;
                return new FrameSize(w, h);
            }
            int x = s.indexOf('x');
            if (x > 0) {
                return new FrameSize(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a frame size (examples: 480p, 1080p, 640x480)",
                    e);
        }
        throw new IllegalArgumentException("'" + text + "' is not a frame size (examples: 480p, 1080p, 640x480)");
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** For picocli. */
    public static final class Converter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
