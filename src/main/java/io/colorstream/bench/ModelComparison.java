package io.colorstream.bench;

import io.colorstream.model.Colorizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.io.file.PathUtils;

/**
 * {@code bench --compare}: several models alone, batch 1, on the same decoded frames, timed in alternating rounds
 * (A, B, C, A, B, C, …) so that a busy spell of a noisy machine falls on all of them alike and their ratio holds.
 */
public final class ModelComparison {
    private static final int WARMUP_CALLS = 3;

    private ModelComparison() {
    }

    /** A model to time and how the table names it. */
    public record Entry(String name, Colorizer colorizer) {
    }

    /** One model's figure; {@code ratio} is its speed over the first model's. */
    public record Row(String name, long frames, double framesPerSecond, double ratio) {
    }

    /**
     * @param frames timed frames per model, split over {@code rounds}
     */
    public static List<Row> run(List<Entry> models, int width, int height, int frames, int rounds) throws Exception {
        if (models.isEmpty() || rounds < 1 || frames < rounds) {
            throw new IllegalArgumentException("compare needs a model and at least one frame per round, got "
                    + models.size() + " models, " + frames + " frames, " + rounds + " rounds");
        }
        Path dir = Files.createTempDirectory("colorstream-compare-");
        try {
            BenchClip clip = BenchClip.forFrames(width, height, Benchmark.FPS, Math.min(frames, 48));
            DecodedClip decoded = DecodeStage.run(clip.writeTo(dir.resolve("compare.mp4")), 48).clip();
            long[] nanos = new long[models.size()];
            long[] timed = new long[models.size()];
            int perRound = frames / rounds;
            for (int r = 0; r < rounds; r++) {
                for (int m = 0; m < models.size(); m++) {
                    Colorizer c = models.get(m).colorizer();
                    StageResult t = StageTimer.perFrame(Stage.MODEL_BATCH_1, r == 0 ? WARMUP_CALLS : 0, perRound,
                            i -> c.colorize(decoded.luma(i), width, height));
                    nanos[m] += t.nanos();
                    timed[m] += t.frames();
                }
            }
            List<Row> rows = new ArrayList<>();
            double first = timed[0] / (nanos[0] / 1e9);
            for (int m = 0; m < models.size(); m++) {
                double fps = timed[m] / (nanos[m] / 1e9);
                rows.add(new Row(models.get(m).name(), timed[m], fps, fps / first));
            }
            return rows;
        } finally {
            PathUtils.deleteDirectory(dir);
        }
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows, int width, int height) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "model alone, batch 1, %dx%d frames, alternating rounds%n%n| model | frames | frames/s | × first |%n"
                        + "|---|---:|---:|---:|%n", width, height));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f |%n", r.name(), r.frames(),
                    r.framesPerSecond(), r.ratio()));
        }
        return sb.toString();
    }
}
