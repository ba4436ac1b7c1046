package io.colorstream.ingest;

import io.colorstream.names.Redaction;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** How an input (file path or URL) is named in messages and records, without leaking a password. */
final class InputNames {
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private InputNames() {
    }

    static boolean isUrl(String input) {
        return URL.matcher(input).matches();
    }

    static String scheme(String input) {
        return isUrl(input) ? input.substring(0, input.indexOf(':')).toLowerCase() : "file";
    }

    /** The input with a URL's secrets replaced by ***, e.g. rtsp://cam:***@10.0.0.5/stream. */
    static String redacted(String input) {
        return Redaction.url(input);
    }

    /** Short name for messages: a file's name, or the redacted URL. */
    static String shortName(String input) {
        if (isUrl(input)) {
            return redacted(input);
        }
        Path name = Path.of(input).getFileName();
        return name == null ? input : name.toString();
    }
}
