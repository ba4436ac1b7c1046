package io.colorstream.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * How chroma is smoothed over time within a shot, read once at start.
 *
 * @param enabled       false passes the model's chroma through unchanged (no state is kept)
 * @param weight        how much of the previous smoothed chroma to keep where nothing moved, in [0, 1);
 *                      1 would freeze colour forever.
 * @param lumaTolerance change of L* (model-size, area-averaged) at which blending has faded out completely;
 *                      a pixel whose luminance changed that much is treated as new content (no smearing)
 * @param stateTtl      how long a shot's smoothing state is kept after its last frame when the shot's end
 *                      marker never comes (an ingest killed mid-shot): then it is dropped from the store and
 *                      its changelog. Far longer than any gap between two frames of one shot.
 */
@JsonIgnoreProperties({"stateTtl"}) // reports describe colour; the lifetime changes none
public record SmoothingSettings(boolean enabled, float weight, float lumaTolerance, Duration stateTtl) {

    /** A day: a shot whose film was abandoned is forgotten by the next day; a live shot is never near it. */
    public static final Duration DEFAULT_STATE_TTL = Duration.ofHours(24);

    public SmoothingSettings(boolean enabled, float weight, float lumaTolerance) {
        this(enabled, weight, lumaTolerance, DEFAULT_STATE_TTL);
    }

    public SmoothingSettings withStateTtl(Duration ttl) {
        return new SmoothingSettings(enabled, weight, lumaTolerance, ttl);
    }

    /** How colour is smoothed; the state's lifetime changes no colour, so it is left out (run records compare this). */
    @Override
    public String toString() {
        return "SmoothingSettings[enabled=" + enabled + ", weight=" + weight + ", lumaTolerance=" + lumaTolerance + "]";
    }

    /**
     * Keeps 98 % of the past where the picture is still and lets go completely at ΔL* ≥ 40. Chosen by measurement
     * on the DAVIS clips with the shipped model (docs/evaluation.md, 40 frames a clip): 0.92 / 20 left CDC at
     * 1.5× the truth's, 0.96 / 30 at 1.16×, 0.98 / 40 at 1.05× (target ≤ 1.1×), flicker 0.18× the truth's.
     */
    public static final SmoothingSettings DEFAULT = new SmoothingSettings(true, 0.98f, 40f);

    /** The model's chroma, frame by frame. */
    public static final SmoothingSettings OFF = new SmoothingSettings(false, 0f, DEFAULT.lumaTolerance());

    public SmoothingSettings {
        if (!(weight >= 0f && weight < 1f)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        if (!(lumaTolerance > 0f) || Float.isInfinite(lumaTolerance)) {
            throw new IllegalArgumentException("smoothing luma tolerance must be a positive L* difference, got "
                    + lumaTolerance);
        }
        if (stateTtl == null || stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("smoothing state lifetime must be positive, got " + stateTtl);
        }
    }
}
