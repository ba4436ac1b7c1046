package io.colorstream.cli;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.LiveStream;
import io.colorstream.encode.VideoCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Publishing the colour picture while it is made ({@code run}, {@code encode}): HLS into a folder. */
public final class LiveOptions {

    @Option(names = "--live-out", paramLabel = "DIR",
            description = "Also publish the colour picture as it is made, as HLS: DIR/FILM.m3u8 and its segments "
                    + "(MPEG-TS, picture and sound), FILM being the film's name. Follow it with a player, e.g. "
                    + "ffplay DIR/FILM.m3u8 or any HLS player through a web server. The film is still written "
                    + "whole at the end, with its sound.")
    Path dir;

    @Option(names = "--live-window", paramLabel = "N", defaultValue = "6",
            description = "Segments the live playlist lists at once; older ones are deleted a window later. 0 lists "
                    + "them all: the recording so far stays watchable from the start (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--live-segment-seconds", paramLabel = "S", defaultValue = "2",
            description = "Seconds per live segment; with --live-out the film's pieces are this long (each a key "
                    + "frame): the delay before a frame can be seen is about one segment (default: ${DEFAULT-VALUE}).")
    double segmentSeconds;

    /** {@code base} publishing live when asked to; checks the options against the codec and the output. */
    FilmEncoder.Settings applyTo(CommandSpec spec, FilmEncoder.Settings base, VideoCodec codec) {
        if (dir == null) {
            return base;
        }
        if (window < 0) {
            throw new ParameterException(spec.commandLine(), "--live-window must be 0 or more, got " + window);
        }
        if (!(segmentSeconds >= 0.5 && segmentSeconds <= 60)) {
            throw new ParameterException(spec.commandLine(),
                    "--live-segment-seconds must be between 0.5 and 60, got " + segmentSeconds);
        }
        if (codec != VideoCodec.H264 && codec != VideoCodec.H265) {
            throw new ParameterException(spec.commandLine(), "--live-out publishes MPEG-TS segments: use --codec "
                    + "h264 or h265, not " + codec.cliName());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--live-out must be a folder: " + dir + " is a file");
        }
        return base.withLive(new LiveStream.Target(dir.toAbsolutePath().normalize(), window))
                .withPieceSeconds(segmentSeconds);
    }
}
