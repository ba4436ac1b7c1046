package io.colorstream.names;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one sanitizer for names made from ids and inputs: video ids, file and directory names. A name that had to
 * be changed carries 64 bits of the SHA-256 of the original, so two different originals sharing a name (and one
 * film's work directory being deleted by another's) is not a practical concern: about one chance in 10¹⁹ for a
 * pair, where the 32-bit hash it replaces collided for one pair in 4·10⁹.
 */
public final class SafeNames {
    /** Hex digits of the hash: 64 bits. */
    public static final int HASH_CHARS = 16;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final int MAX_CLEANED = 80;

    private SafeNames() {
    }

    /** {@value #HASH_CHARS} hex digits of the SHA-256 of {@code s} (UTF-8). */
    public static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_CHARS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The id itself when it is a plain file name (letters, digits, '.', '_', '-', not starting with '.', at most
     * 100 characters); else the id with other characters replaced by '_', cut to 80, and a dash and the hash of
     * the whole id appended.
     */
    public static String fileName(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an id must not be empty");
        }
        if (PLAIN.matcher(id).matches()) {
            return id;
        }
        String cleaned = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (cleaned.startsWith(".")) {
            cleaned = "_" + cleaned.substring(1);
        }
        if (cleaned.length() > MAX_CLEANED) {
            cleaned = cleaned.substring(0, MAX_CLEANED);
        }
        return cleaned + "-" + hash(id);
    }
}
