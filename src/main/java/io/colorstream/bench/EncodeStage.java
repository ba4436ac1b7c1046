package io.colorstream.bench;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.FilmFormat;
import io.colorstream.encode.FrameRecombiner;
import io.colorstream.wire.ColorFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times what the encode role does per frame: {@link FrameRecombiner} (model-size chroma upsampled, recombined with
 * full-resolution L, to BGR) and {@link FilmEncoder} (H.264 with the role's settings: libx264, preset medium,
 * crf 18) into a file, flushed and finished. Recombination is also timed on its own, inside the same pass (x264's
 * threads are busy meanwhile, as in the real role). Sound is left out: its AAC encoding is part of the end-to-end
 * figure.
 */
final class EncodeStage {
    private static final int WARMUP_FRAMES = 8;

    private EncodeStage() {
    }

    /**
     * @param chroma wire chroma per pooled frame (chromaWidth·chromaHeight·2 signed bytes), cycled like the frames
     * @param output the film to write (deleted afterwards by the caller)
     */
    static Result run(DecodedClip clip, List<byte[]> chroma, int chromaWidth, int chromaHeight, int frames,
                      Path output, FilmEncoder.Settings settings) throws Exception {
        FilmFormat format = new FilmFormat(clip.width(), clip.height(), clip.frameRateNum(), clip.frameRateDen(),
                0, 0);
        FrameRecombiner recombiner = new FrameRecombiner();
        // Warm-up: libx264 loaded and the recombination loop compiled, into a file that is thrown away.
        Path scratch = output.resolveSibling("warmup-" + output.getFileName());
        encode(clip, chroma, chromaWidth, chromaHeight, Math.min(WARMUP_FRAMES, frames), format, recombiner, scratch,
                new long[1], settings);
        Files.deleteIfExists(scratch);
        long[] recombineNanos = new long[1];
        StageResult whole = StageTimer.pass(Stage.RECOMBINE_ENCODE, () -> encode(clip, chroma, chromaWidth,
                chromaHeight, frames, format, recombiner, output, recombineNanos, settings));
        return new Result(new StageResult(Stage.RECOMBINE, frames, Math.max(1, recombineNanos[0])), whole);
    }

    private static long encode(DecodedClip clip, List<byte[]> chroma, int chromaWidth, int chromaHeight, int frames,
                               FilmFormat format, FrameRecombiner recombiner, Path output, long[] recombineNanos,
                               FilmEncoder.Settings settings) throws IOException {
        try (FilmEncoder encoder = new FilmEncoder(output, format, settings)) {
            for (int i = 0; i < frames; i++) {
                long pts = Math.round(i * 1e6 * clip.frameRateDen() / clip.frameRateNum());
                ColorFrame frame = new ColorFrame("bench", i, 0, pts, clip.width(), clip.height(), clip.luma(i),
                        chromaWidth, chromaHeight, chroma.get(i % chroma.size()));
                long t0 = System.nanoTime();
                byte[] bgr = recombiner.toBgr(frame);
                recombineNanos[0] += System.nanoTime() - t0;
                encoder.recordFrame(bgr, pts);
            }
            encoder.finish();
            return encoder.framesWritten();
        }
    }

    record Result(StageResult recombine, StageResult recombineEncode) {
    }
}
