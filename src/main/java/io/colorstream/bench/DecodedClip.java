package io.colorstream.bench;

import java.util.List;

/**
 * What decoding the bench clip gave the later stages: its size and rate, and the luminance of its first frames
 * (the pool the per-frame stages cycle through, so a long run does not need every frame in memory).
 *
 * @param pool          L codes of the first frames, width·height bytes each, in film order
 * @param frames        frames decoded in all
 * @param shotsDetected shots the ingest shot detector found
 */
record DecodedClip(int width, int height, int frameRateNum, int frameRateDen, List<byte[]> pool, long frames,
                   int shotsDetected) {
    DecodedClip {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("no frame was decoded");
        }
        pool = List.copyOf(pool);
    }

    /** The pooled frame to use as frame {@code i} of a run longer than the pool. */
    byte[] luma(int i) {
        return pool.get(i % pool.size());
    }
}
