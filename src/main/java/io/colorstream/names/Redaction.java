package io.colorstream.names;

import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything colorstream prints or stores (messages, logs, {@code run.json}, Kafka records):
 * a URL's password (user info after the ':') and the values of query parameters that carry credentials
 * ({@code password}, {@code token}, {@code key}, {@code secret}, {@code auth}, {@code signature}, …) become
 * {@code ***}. The user name and the rest of the URL stay, so the input is still recognisable.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Pattern USER_PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:?#]*):[^/@?#]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&;](?:[\\w.-]*(?:pass|pwd|token|secret|key|auth|signature|sig|credential)[\\w.-]*)=)[^&;#]*",
            Pattern.CASE_INSENSITIVE);

    private Redaction() {
    }

    /** The URL (or any text starting with one) with its secrets masked; a plain path is returned unchanged. */
    public static String url(String input) {
        if (input == null || !input.contains("://")) {
            return input;
        }
        String s = USER_PASSWORD.matcher(input).replaceFirst("$1:" + MASK + "@");
        return SECRET_PARAMETER.matcher(s).replaceAll("$1" + MASK);
    }

    /** {@code text} with every occurrence of {@code input} replaced by its redacted form. */
    public static String in(String text, String input) {
        if (text == null || input == null || input.isEmpty()) {
            return text;
        }
        return text.replace(input, url(input));
    }
}
