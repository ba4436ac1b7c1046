package io.colorstream.cli;

/**
 * Video ids name a film in every record key ({@code videoId/shot}), so they must be short, stable and free of
 * '/'. By default the id is the input's file name without extension, with anything unusual replaced by '-'.
 */
public final class VideoIds {

    private static final String ALLOWED = "[A-Za-z0-9._-]+";

    private VideoIds() {
    }

    /** {@code given} if present (checked), else derived from {@code input}. */
    public static String choose(String given, String input) {
        if (given != null) {
            if (!given.matches(ALLOWED) || given.length() > 200) {
                throw new SettingsException("--video-id may only hold letters, digits, '.', '_' and '-' "
                        + "(at most 200), got '" + given + "'");
            }
            return given;
        }
        return fromInput(input);
    }

    /** {@code /films/The Kid (1921).mp4} → {@code The-Kid-1921}; {@code rtsp://cam7/live?x=1} → {@code live}. */
    public static String fromInput(String input) {
        String name = input;
        if (input.contains("://")) {
            name = name.replaceAll("[?#].*$", "").replaceAll("/+$", "");
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("(?<=.)\\.[A-Za-z0-9]{2,4}$", ""); // the extension, not "10.0.0.7"'s last part
        String id = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        if (id.length() > 200) {
            id = id.substring(0, 200);
        }
        return id.isEmpty() ? "video" : id;
    }
}
