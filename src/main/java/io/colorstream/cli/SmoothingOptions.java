package io.colorstream.cli;

import java.time.Duration;

import io.colorstream.stream.SmoothingSettings;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** How strongly chroma is smoothed over time within a shot (so colour does not flicker). */
public final class SmoothingOptions {

    /** Lead: align with the smoother's own default. */
    public static final double DEFAULT_WEIGHT = 0.98;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--no-smoothing", description = "Colorize every frame on its own, without temporal smoothing.")
    boolean off;

    private double weight = DEFAULT_WEIGHT;

    @Option(names = "--smoothing-weight", paramLabel = "F", defaultValue = "" + DEFAULT_WEIGHT,
            description = "Share of the previous frames' chroma kept in each frame of a shot, from 0 (none) "
                    + "to below 1 (very steady, slow to follow motion) (default: ${DEFAULT-VALUE}).")
    void weight(double w) {
        if (!(w >= 0 && w < 1)) {
            throw new ParameterException(spec.commandLine(), "--smoothing-weight must be in [0, 1), got " + w);
        }
        weight = w;
    }

    @Option(names = "--smoothing-state-ttl", paramLabel = "DURATION", defaultValue = "PT24H",
            description = "Drop a shot's smoothing state when no frame of it came for this long and its end marker "
                    + "never did (its ingest was killed), ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration stateTtl;

    /** The settings the colorize topology runs with. */
    public SmoothingSettings settings() {
        if (stateTtl != null && (stateTtl.isNegative() || stateTtl.isZero())) {
            throw new ParameterException(spec.commandLine(), "--smoothing-state-ttl must be positive, got " + stateTtl);
        }
        Duration ttl = stateTtl == null ? SmoothingSettings.DEFAULT_STATE_TTL : stateTtl;
        return off ? SmoothingSettings.OFF
                : new SmoothingSettings(true, (float) weight, SmoothingSettings.DEFAULT.lumaTolerance(), ttl);
    }

    public boolean enabled() {
        return !off;
    }

    /** The weight to use; 0 when smoothing is off. */
    public double weight() {
        return off ? 0 : weight;
    }
}
