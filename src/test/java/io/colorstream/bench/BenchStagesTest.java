package io.colorstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.model.LumaResizer;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.TinySavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each stage of the bench on a tiny clip (320x180, 16 frames in two shots): it runs, counts the frames it did and
 * hands the next stage what it needs. No figures are checked: timing on a shared test machine means nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BenchStagesTest {
    private static final int W = 320;
    private static final int H = 180;

    @TempDir
    Path dir;

    private final BenchClip clip = BenchClip.withShots(W, H, 25, 8, 8).withAudio(48_000, 2);

    @Test
    void clipIsGrayMovingFilmWithSoundAndDetectableCuts() throws Exception {
        Path film = clip.writeTo(dir.resolve("clip.mp4"));
        FilmProbe probe = FilmProbe.of(film);
        assertEquals("h264", probe.videoCodec());
        assertEquals(W, probe.width());
        assertEquals(H, probe.height());
        assertEquals(16, probe.framePts().size());
        assertEquals("aac", probe.audioCodec());
        assertEquals(2, probe.audioChannels());

        DecodeStage.Result decoded = DecodeStage.run(film, 16);
        DecodedClip frames = decoded.clip();
        assertEquals(16, frames.frames());
        assertEquals(16, decoded.timing().frames());
        assertEquals(2, frames.shotsDetected(), "the cut between the two shots is found");
        // What was decoded is what was painted: the mean L code of each frame matches (grain and H.264 aside).
        byte[] painted = new byte[W * H];
        for (int i = 0; i < 16; i++) {
            clip.paint(i, painted);
            assertEquals(meanLCode(painted, true), meanLCode(frames.luma(i), false), 1.5, "frame " + i);
        }
        // Within a shot something moves and the grain is fresh: consecutive frames differ.
        assertNotEquals(0, meanAbsDifference(frames.luma(2), frames.luma(3)));
    }

    @Test
    void everyCutBetweenTheClipsLooksIsFound() throws Exception {
        // Six shots: all five looks and the return to the first (brighter the second time round).
        Path film = BenchClip.withShots(160, 90, 25, 7, 7, 7, 7, 7, 7).writeTo(dir.resolve("looks.mp4"));
        assertEquals(6, DecodeStage.run(film, 1).clip().shotsDetected());
    }

    @Test
    void stagesWithoutTensorFlowRunOnTheirOwnAndHandOnWhatTheNextNeeds() throws Exception {
        Path film = clip.writeTo(dir.resolve("clip.mp4"));
        DecodedClip frames = DecodeStage.run(film, 6).clip(); // a pool smaller than the clip: cycled
        assertEquals(6, frames.pool().size());
        assertTrue(frames.luma(7) == frames.luma(1), "frame 7 of a 6-frame pool is frame 1");

        ModelStage.Result model = ModelStage.run(ConstantChromaColorizer.gray(32, 24), frames, 10);
        assertEquals(10, model.single().frames());
        assertTrue(model.batched().isEmpty(), "a colorizer without batches has no batch-4 figure");
        assertEquals(6, model.chroma().size());
        model.chroma().forEach(ab -> assertEquals(32 * 24 * 2, ab.length));

        List<float[]> chroma = syntheticChroma(frames, 32, 24);
        SmoothingStage.Result smoothed = SmoothingStage.run(frames, chroma, 32, 24, 10, SmoothingSettings.DEFAULT);
        assertEquals(10, smoothed.timing().frames());
        assertEquals(6, smoothed.chroma().size());
        for (byte[] wire : smoothed.chroma()) {
            assertEquals(32 * 24 * 2, wire.length);
        }

        Path out = dir.resolve("encoded.mp4");
        EncodeStage.Result encoded = EncodeStage.run(frames, smoothed.chroma(), 32, 24, 10, out,
                io.colorstream.encode.FilmEncoder.Settings.defaults());
        assertEquals(10, encoded.recombine().frames());
        assertEquals(10, encoded.recombineEncode().frames());
        assertTrue(encoded.recombine().nanos() < encoded.recombineEncode().nanos(),
                "recombining is part of the encode pass");
        FilmProbe probe = FilmProbe.of(out);
        assertEquals(10, probe.framePts().size());
        assertEquals(W, probe.width());
        assertTrue(Files.notExists(dir.resolve("warmup-encoded.mp4")), "the warm-up film is removed");
        // The chroma went in: the film is coloured, not gray (synthetic chroma is strongly red on the left).
        byte[] bgr = probe.firstFrameBgr();
        int reddish = 0;
        for (int i = 0; i < bgr.length; i += 3) {
            if ((bgr[i + 2] & 0xFF) > (bgr[i + 1] & 0xFF) + 10) {
                reddish++;
            }
        }
        assertTrue(reddish > W * H / 10, "red pixels: " + reddish);
    }

    @Test
    void modelStageTimesBatchesOfFourOnASavedModel() throws Exception {
        Path film = BenchClip.withShots(64, 48, 25, 9).writeTo(dir.resolve("small.mp4"));
        DecodedClip frames = DecodeStage.run(film, 9).clip();
        try (SavedModelColorizer model = SavedModelColorizer.load(TinySavedModel.write(dir.resolve("model"), 16, 12))) {
            ModelStage.Result r = ModelStage.run(model, frames, 9);
            assertEquals(9, r.single().frames());
            assertEquals(12, r.batched().orElseThrow().frames(), "three calls of four frames cover nine");
            assertEquals(16, r.chromaWidth());
            assertEquals(12, r.chromaHeight());
            assertEquals(9, r.chroma().size());
            // The model's own output is what the smoothing stage gets: a* = 128·(0.5·L/100 − 0.25), b* = 12.8.
            float[] input = new float[16 * 12];
            LumaResizer.toModelInput(frames.luma(0), 64, 48, input, 0, 16, 12);
            float[] ab = r.chroma().get(0);
            for (int i = 0; i < input.length; i++) {
                assertEquals(128 * (0.5f * input[i] - 0.25f), ab[2 * i], 1e-3, "a* of pixel " + i);
                assertEquals(12.8f, ab[2 * i + 1], 1e-3, "b* of pixel " + i);
            }
        }
    }

    @Test
    void badClipsAreRefusedWithTheReason() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> BenchClip.forFrames(853, 480, 25, 10));
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchClip.forFrames(854, 480, 25, 0));
        assertThrows(IllegalArgumentException.class, () -> BenchClip.withShots(854, 480, 25, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> clip.paint(16, new byte[W * H]));
    }

    @Test
    void longClipsAreCutIntoShotsOfAboutTwoSeconds() {
        BenchClip c = BenchClip.forFrames(854, 480, 25, 120);
        assertEquals(120, c.frames());
        assertTrue(c.shots() >= 2, "several shots");
        for (int n : c.shotFrames()) {
            assertTrue(n >= 1 && n <= 3 * 25, "shot of " + n + " frames");
        }
        assertEquals(1, BenchClip.forFrames(854, 480, 25, 5).shots());
    }

    @Test
    void poolHoldsTheWholeClipUnlessItIsLarge() {
        Benchmark bench = new Benchmark(ConstantChromaColorizer.gray(8, 8), "m", (s, j, o, c, r) -> o, 120);
        assertEquals(120, bench.poolSize(1920, 1080));
        Benchmark longRun = new Benchmark(ConstantChromaColorizer.gray(8, 8), "m", (s, j, o, c, r) -> o, 5000);
        int pool = longRun.poolSize(1920, 1080);
        assertTrue(pool < 5000 && (long) pool * 1920 * 1080 <= Benchmark.POOL_MIB * 1024L * 1024L, "pool " + pool);
    }

    /** Strong a* on the left half, strong b* on the right. */
    private static List<float[]> syntheticChroma(DecodedClip frames, int w, int h) {
        List<float[]> out = new ArrayList<>();
        for (int f = 0; f < frames.pool().size(); f++) {
            float[] ab = new float[2 * w * h];
            for (int i = 0; i < w * h; i++) {
                boolean left = i % w < w / 2;
                ab[2 * i] = left ? 60f : 0f;
                ab[2 * i + 1] = left ? 20f : 60f;
            }
            out.add(ab);
        }
        return out;
    }

    /** Mean L code of a frame; painted frames are gray levels and are converted as ingest converts them. */
    private static double meanLCode(byte[] pixels, boolean grayLevels) {
        double sum = 0;
        for (byte p : pixels) {
            sum += grayLevels ? ColorSpace.lCodeOfGray(p & 0xFF) & 0xFF : p & 0xFF;
        }
        return sum / pixels.length;
    }

    private static double meanAbsDifference(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return sum / a.length;
    }

    static {
        FilmProbe.quietFfmpeg();
    }

    @Test
    void compareTimesEveryModelOnTheSameFramesInAlternatingRounds() throws Exception {
        ConstantChromaColorizer a = new ConstantChromaColorizer(32, 32, 10, 0);
        ConstantChromaColorizer b = new ConstantChromaColorizer(32, 32, 0, 10);

        List<ModelComparison.Row> rows = ModelComparison.run(List.of(new ModelComparison.Entry("a", a),
                new ModelComparison.Entry("b", b)), W, H, 10, 4);

        assertEquals(List.of("a", "b"), rows.stream().map(ModelComparison.Row::name).toList());
        // 10 frames over 4 rounds: 2 a round, 8 timed, plus the warm-up before the first round.
        assertEquals(8, rows.get(0).frames());
        assertEquals(8, rows.get(1).frames());
        assertEquals(8 + 3, a.calls());
        assertEquals(8 + 3, b.calls());
        assertEquals(W * H, a.lastLuma().length, "full frames, as the topology hands them over");
        assertEquals(1.0, rows.get(0).ratio(), 1e-12);
        assertEquals(rows.get(1).framesPerSecond() / rows.get(0).framesPerSecond(), rows.get(1).ratio(), 1e-9);
        String table = ModelComparison.table(rows, W, H);
        assertTrue(table.contains("| a | 8 |") && table.contains("| b | 8 |"), table);
        assertThrows(IllegalArgumentException.class, () -> ModelComparison.run(List.of(), W, H, 10, 4));
    }
}
