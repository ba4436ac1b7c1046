package io.colorstream.wire;

/**
 * Closes a shot: published after the shot's last frame under the same key, so on the same partition and after
 * every frame of the shot. Carries the shot's frame count, so a consumer can check it has them all.
 */
public record ShotEnd(String videoId, int shot, long frameCount) implements GrayRecord, ColorRecord {
    public String key() {
        return FrameKeys.of(videoId, shot);
    }
}
