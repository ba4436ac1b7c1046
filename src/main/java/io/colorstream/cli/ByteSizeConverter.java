package io.colorstream.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a size in bytes: {@code 16777216}, {@code 16MiB}, {@code 16m}, {@code 512k} (binary units). */
public final class ByteSizeConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = s;
        if (s.endsWith("kib") || s.endsWith("k")) {
            unit = 1024;
        } else if (s.endsWith("mib") || s.endsWith("m")) {
            unit = 1024 * 1024;
        } else if (s.endsWith("gib") || s.endsWith("g")) {
            unit = 1024 * 1024 * 1024;
        }
        if (unit != 1) {
            digits = s.replaceAll("[a-z]+$", "");
        } else if (s.endsWith("b")) {
            digits = s.substring(0, s.length() - 1);
        }
        try {
            long bytes = Long.parseLong(digits.trim()) * unit;
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is not a size between 1 byte and 2 GiB");
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a size (examples: 16MiB, 512k, 2097152)");
        }
    }
}
