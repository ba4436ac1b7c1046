package io.colorstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The settings a live picture needs, taken when the user has not chosen otherwise: a feed (a streaming protocol)
 * must be colorized at its own pace or its backlog grows for as long as it runs, which on two cores takes x264's
 * {@code ultrafast} preset and the live model (docs/benchmarks.md). A film of set length (a file, or one served
 * over HTTP) keeps the defaults meant for films to keep, with or without {@code --live-out}: it is read as fast as
 * the flow goes, so it has no pace to fall behind.
 */
final class LiveDefaults {
    /** The live preset: the encoder at its fastest, for larger files at the same quality. */
    static final String PRESET = "ultrafast";

    /** Protocols that carry a feed with no set length, as FFmpeg names them. */
    private static final Set<String> FEEDS = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "srt", "udp", "rtp", "tcp");

    private LiveDefaults() {
    }

    /** Whether the input is a feed rather than a film of set length (a file, or one served over HTTP). */
    static boolean isFeed(String input) {
        int colon = input.indexOf("://");
        return colon > 0 && FEEDS.contains(input.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /**
     * For {@code run}: a feed gets the live model and preset unless {@code --model} or {@code --x264-preset} was
     * given; says so once on {@code err}.
     */
    static void applyToRun(CommandSpec spec, String input, ModelOption model, EncodingOptions encoding,
                           PrintWriter err) {
        if (!isFeed(input)) {
            return;
        }
        StringBuilder taken = new StringBuilder();
        if (model.model == null) {
            model.model = Path.of(ModelOption.LIVE);
            taken.append("the live model (").append(ModelOption.LIVE).append(")");
        }
        if (presetIsDefault(spec)) {
            encoding.preset = PRESET;
            taken.append(taken.length() > 0 ? " and " : "").append("x264 preset ").append(PRESET);
        }
        if (taken.length() > 0) {
            err.println("a live feed: " + taken
                    + ", to keep its pace on a small machine (give --model or --x264-preset to choose otherwise)");
            err.flush();
        }
    }

    /**
     * For {@code encode}: {@code --live-out} gets the live preset unless {@code --x264-preset} was given (the role
     * cannot tell a feed from a film, and publishing live is what a feed is encoded for; its model is the
     * colorize role's {@code --model}).
     */
    static void applyToEncode(CommandSpec spec, boolean liveOut, EncodingOptions encoding, PrintWriter err) {
        if (liveOut && presetIsDefault(spec)) {
            encoding.preset = PRESET;
            err.println("--live-out: x264 preset " + PRESET + ", to keep the picture's pace (give --x264-preset "
                    + "to choose otherwise)");
            err.flush();
        }
    }

    private static boolean presetIsDefault(CommandSpec spec) {
        return spec.commandLine().getParseResult() == null
                || !spec.commandLine().getParseResult().hasMatchedOption("--x264-preset");
    }
}
