package io.colorstream.ingest;

import java.time.Duration;

/**
 * One film to ingest.
 *
 * @param input         a file path or a URL FFmpeg can read (rtsp://, http://, …)
 * @param videoId       the id in every key ({@code --video-id}); derived from the input when null
 * @param shots         the cut detector's settings
 * @param socketTimeout how long a network read may stall before ingest fails (URLs only)
 * @param startFrame    frames of the input to pass over: the film published is the rest, numbered from 0 but on
 *                      the input's own clock (a run continuing where an earlier one's encoder stopped)
 */
public record IngestJob(String input, String videoId, ShotSettings shots, Duration socketTimeout, long startFrame) {
    public IngestJob {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("no input given: pass a film file or a stream URL");
        }
        videoId = VideoIds.resolve(input, videoId);
        if (shots == null) {
            shots = ShotSettings.defaults();
        }
        if (socketTimeout == null) {
            socketTimeout = FilmDecoder.DEFAULT_SOCKET_TIMEOUT;
        }
        if (socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("socket timeout must be positive, got " + socketTimeout);
        }
        if (startFrame < 0) {
            throw new IllegalArgumentException("the first frame to ingest must be 0 or more, got " + startFrame);
        }
    }

    /** The film with a derived id and default settings. */
    public static IngestJob of(String input) {
        return new IngestJob(input, null, null, null, 0);
    }

    public IngestJob withVideoId(String id) {
        return new IngestJob(input, VideoIds.validated(id), shots, socketTimeout, startFrame);
    }

    public IngestJob withShots(ShotSettings settings) {
        return new IngestJob(input, videoId, settings, socketTimeout, startFrame);
    }

    public IngestJob withSocketTimeout(Duration timeout) {
        return new IngestJob(input, videoId, shots, timeout, startFrame);
    }

    /** The input from frame {@code frame} on (see {@code startFrame}). */
    public IngestJob startingAt(long frame) {
        return new IngestJob(input, videoId, shots, socketTimeout, frame);
    }
}
