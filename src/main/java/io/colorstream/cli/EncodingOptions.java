package io.colorstream.cli;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.VideoCodec;
import picocli.CommandLine.Option;

/** How the colour film is encoded ({@code run}, {@code encode}): codec, x264/x265 preset and quality. */
public final class EncodingOptions {

    @Option(names = "--codec", paramLabel = "h264|h265|prores|ffv1", defaultValue = "h264",
            description = "Picture codec: h264 (default; films to watch), h265 (about half the size), prores "
                    + "(ProRes 422 HQ, 10-bit, .mov or .mkv: a master for editing), ffv1 (lossless, .mkv: for the "
                    + "archive). --crf and --x264-preset apply to h264 and h265.")
    String codec;

    @Option(names = "--x264-preset", paramLabel = "NAME", defaultValue = "medium",
            description = "x264/x265 preset: faster presets encode several times faster for larger files at the "
                    + "same quality (ultrafast … veryslow; default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--crf", paramLabel = "N", defaultValue = "18",
            description = "x264/x265 constant rate factor, lower is better quality (default: ${DEFAULT-VALUE}).")
    int crf;

    /** The codec; an unknown name fails naming the ones there are. */
    VideoCodec codec() {
        return VideoCodec.named(codec);
    }

    /** {@code base} with this codec, preset and quality. */
    FilmEncoder.Settings applyTo(FilmEncoder.Settings base) {
        return base.withCodec(codec()).withPreset(preset).withCrf(crf);
    }
}
