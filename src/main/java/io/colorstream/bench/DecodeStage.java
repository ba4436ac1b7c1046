package io.colorstream.bench;

import io.colorstream.ingest.FilmDecoder;
import io.colorstream.ingest.FilmFacts;
import io.colorstream.ingest.FrameSink;
import io.colorstream.ingest.ShotDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times what ingest does per frame before Kafka: {@link FilmDecoder} (H.264 decode, BGR conversion, L* codes, and
 * the sound, which is decoded too when the film has it) plus the {@link ShotDetector}. Opening the file is part of
 * the pass; it costs milliseconds.
 */
final class DecodeStage {
    private static final int WARMUP_FRAMES = 10;

    private DecodeStage() {
    }

    /**
     * Decodes {@code film} once untimed for a few frames (natives loaded, decoder warm), then all of it timed.
     *
     * @param poolSize how many of the first frames to keep for the later stages
     */
    static Result run(Path film, int poolSize) throws Exception {
        warmUp(film);
        List<byte[]> pool = new ArrayList<>();
        ShotDetector shots = new ShotDetector();
        FilmFacts[] facts = new FilmFacts[1];
        StageResult timed = StageTimer.pass(Stage.DECODE, () -> {
            try (FilmDecoder decoder = FilmDecoder.open(film.toString())) {
                facts[0] = decoder.facts();
                return decoder.decode(new FrameSink() {
                    @Override
                    public void onVideo(long seq, long ptsMicros, byte[] luma) {
                        shots.shotOf(luma);
                        if (pool.size() < poolSize) {
                            pool.add(luma.clone()); // the decoder reuses its array; ingest copies it too (to the wire)
                        }
                    }
                });
            }
        });
        FilmFacts f = facts[0];
        return new Result(new DecodedClip(f.width(), f.height(), f.frameRateNum(), f.frameRateDen(), pool,
                timed.frames(), shots.shots()), timed);
    }

    private static void warmUp(Path film) {
        try (FilmDecoder decoder = FilmDecoder.open(film.toString())) {
            int[] seen = {0};
            decoder.decode(new FrameSink() {
                @Override
                public void onVideo(long seq, long ptsMicros, byte[] luma) {
                    if (++seen[0] >= WARMUP_FRAMES) {
                        decoder.cancel();
                    }
                }
            });
        }
    }

    record Result(DecodedClip clip, StageResult timing) {
    }
}
