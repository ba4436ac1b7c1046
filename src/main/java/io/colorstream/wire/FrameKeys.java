package io.colorstream.wire;

/** Frame keys are {@code videoId/shot}: one key per shot, so a shot is ordered and its smoothing state is its own. */
public final class FrameKeys {
    private FrameKeys() {
    }

    public static String of(String videoId, int shot) {
        return videoId + "/" + shot;
    }

    public static String videoIdOf(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a frame key (videoId/shot): " + key);
        }
        return key.substring(0, slash);
    }
}
