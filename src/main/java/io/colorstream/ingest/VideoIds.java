package io.colorstream.ingest;

import io.colorstream.names.SafeNames;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names a video in Kafka keys ({@code videoId/shot}) and output files: 1–64 characters of a–z, 0–9, '.', '_'
 * and '-', starting with a letter or digit, so never a '/'.
 *
 * <p>A derived id is readable and unique: the file's base name (or the URL's host and path), cleaned, then a
 * dash and 16 hex digits (64 bits) of the SHA-256 of the full input (for files, the absolute path), so two films called
 * {@code reel1.mp4} in different folders get different ids, while ingesting the same film again gets the same id.
 */
public final class VideoIds {
    public static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = SafeNames.HASH_CHARS;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    private static final Pattern UNSAFE_RUN = Pattern.compile("[^a-z0-9._-]+");

    private VideoIds() {
    }

    /** The id to use: the one the user gave ({@code --video-id}, validated), else one derived from the input. */
    public static String resolve(String input, String givenOrNull) {
        return givenOrNull == null ? from(input) : validated(givenOrNull);
    }

    /** An id derived from a file path or URL, e.g. {@code /films/Reel 1.mp4} → {@code reel-1-3fa2b1c0d4e5f607}. */
    public static String from(String input) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("no input to name a video after");
        }
        String name;
        String full;
        if (InputNames.isUrl(input)) {
            name = hostAndPath(input);
            full = input;
        } else {
            Path path = Path.of(input);
            Path file = path.getFileName();
            name = file == null ? "" : withoutExtension(file.toString());
            full = path.toAbsolutePath().normalize().toString();
        }
        String cleaned = clean(name);
        String hash = SafeNames.hash(full);
        int room = MAX_LENGTH - HASH_CHARS - 1;
        if (cleaned.length() > room) {
            cleaned = trimEnds(cleaned.substring(0, room));
        }
        return cleaned.isEmpty() ? "video-" + hash : cleaned + "-" + hash;
    }

    /** Checks an id the user chose; the message says what is allowed. */
    public static String validated(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid video id '" + id + "': use 1-" + MAX_LENGTH
                    + " characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"
                    + " (no '/', no capitals, no spaces)");
        }
        return id;
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static String hostAndPath(String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost() == null ? "" : uri.getHost();
            String path = uri.getPath() == null ? "" : withoutExtension(uri.getPath());
            return host + path;
        } catch (Exception e) {
            // Not a strict URI (spaces, odd characters): drop scheme, credentials and query by hand.
            String rest = url.substring(url.indexOf("://") + 3);
            rest = rest.substring(rest.indexOf('@') + 1);
            int query = rest.indexOf('?');
            return query >= 0 ? rest.substring(0, query) : rest;
        }
    }

    private static String withoutExtension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }

    private static String clean(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return trimEnds(UNSAFE_RUN.matcher(lower).replaceAll("-"));
    }

    /** Ids start with a letter or digit and do not end in a separator. */
    private static String trimEnds(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }
}
