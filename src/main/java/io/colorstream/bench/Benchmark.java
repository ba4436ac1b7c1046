package io.colorstream.bench;

import io.colorstream.encode.FilmEncoder;

import io.colorstream.model.Colorizer;
import io.colorstream.stream.SmoothingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code colorstream bench}: for one frame size at a time, writes a {@link BenchClip} and times each stage of the
 * flow on it separately (decode, model, smoothing, recombine + encode), then the whole flow through Kafka. Stages
 * run one after another, never at once, so each has the machine to itself; every stage is warmed up first.
 *
 * <pre>{@code
 * Benchmark bench = new Benchmark(colorizer, "models/colorizer", flow, 120);
 * SizeResult hd = bench.measure(1920, 1080);
 * System.out.print(bench.report(List.of(hd)).toText());
 * }</pre>
 *
 * <p>Per-frame stages cycle through the clip's first frames, kept in memory (at most {@value #POOL_MIB} MiB of
 * luminance: all of a default run, the first 129 frames of a long 1080p one).
 */
public final class Benchmark {
    public static final int FPS = 25;
    static final int POOL_MIB = 256;
    private static final int AUDIO_RATE = 48_000;
    private static final int AUDIO_CHANNELS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private final Colorizer colorizer;
    private final String modelName;
    private final FilmRun flow;
    private final int frames;
    private boolean exactlyOnce;
    private FilmEncoder.Settings encoding = FilmEncoder.Settings.defaults();
    private int streamThreads = 1;

    /**
     * @param colorizer the model to time; the caller closes it
     * @param modelName how the report names it (its directory)
     * @param flow      the whole flow, for the end-to-end figure
     * @param frames    frames of the clip, and frames timed per stage
     */
    public Benchmark(Colorizer colorizer, String modelName, FilmRun flow, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("the bench needs at least one frame, got " + frames);
        }
        this.colorizer = colorizer;
        this.modelName = modelName;
        this.flow = flow;
        this.frames = frames;
    }

    /** How the encode stage encodes (the flow's own encoding is the {@link FilmRun}'s); the report names it. */
    public Benchmark withEncoding(FilmEncoder.Settings settings) {
        this.encoding = settings;
        return this;
    }

    /** Kafka Streams threads of colorize in the whole flow. */
    public Benchmark withStreamThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one stream thread, got " + n);
        }
        this.streamThreads = n;
        return this;
    }

    /** Also times the whole flow with colorize under exactly_once_v2, right after the default run. */
    public Benchmark withExactlyOnce(boolean on) {
        this.exactlyOnce = on;
        return this;
    }

    /** Times every stage at this size; the clip and films written go to a temporary directory, removed after. */
    public SizeResult measure(int width, int height) throws Exception {
        BenchClip clip = clip(width, height);
        String name = SizeResult.label(width, height);
        Path dir = Files.createTempDirectory("colorstream-bench-");
        try {
            LOG.info("{}: writing the bench clip ({})", name, clip.describe());
            Path film = clip.writeTo(dir.resolve("bench-" + width + "x" + height + ".mp4"));
            Map<Stage, StageResult> results = new EnumMap<>(Stage.class);
            List<String> notes = new ArrayList<>();
            long decoded = timeStages(clip, film, dir, name, results, notes);
            // The stages' frames are garbage now: the whole flow gets the heap to itself.
            LOG.info("{}: running the whole flow through an embedded Kafka broker", name);
            KafkaFlowStage.Result flowed = KafkaFlowStage.run(flow, film, "bench-" + width + "x" + height, decoded,
                    dir.resolve("bench-color.mp4"), dir.resolve("streams-state"), false, streamThreads);
            put(results, name, flowed.timing());
            if (flowed.steady() != null) {
                put(results, name, flowed.steady());
            }
            notes.add(flowed.framesWritten() < 0 ? "colour film's frame count unknown"
                    : "colour film holds " + flowed.framesWritten() + " of " + decoded + " frames");
            if (exactlyOnce) {
                LOG.info("{}: the whole flow again, colorize under exactly_once_v2", name);
                KafkaFlowStage.Result eos = KafkaFlowStage.run(flow, film, "bench-eos-" + width + "x" + height,
                        decoded, dir.resolve("bench-color-eos.mp4"), dir.resolve("streams-state-eos"), true,
                        streamThreads);
                put(results, name, eos.timing());
                notes.add(String.format(java.util.Locale.ROOT, "exactly_once_v2 / at_least_once end-to-end speed: "
                        + "%.2f", eos.timing().framesPerSecond() / flowed.timing().framesPerSecond()));
            }
            return new SizeResult(width, height, results, flowed.firstFrameSeconds(), notes);
        } finally {
            deleteTree(dir);
        }
    }

    /** Decode, model, smoothing, recombine + encode, each on its own, each feeding the next; returns the frames. */
    private long timeStages(BenchClip clip, Path film, Path dir, String name, Map<Stage, StageResult> results,
                            List<String> notes) throws Exception {
        DecodeStage.Result decoded = DecodeStage.run(film, poolSize(clip.width(), clip.height()));
        DecodedClip frames = decoded.clip();
        put(results, name, decoded.timing());
        notes.add("shot detector found " + frames.shotsDetected() + " of " + clip.shots() + " shots");

        ModelStage.Result model = ModelStage.run(colorizer, frames, this.frames);
        put(results, name, model.single());
        model.batched().ifPresent(r -> put(results, name, r));

        SmoothingStage.Result smoothed = SmoothingStage.run(frames, model.chroma(), model.chromaWidth(),
                model.chromaHeight(), this.frames, SmoothingSettings.DEFAULT);
        put(results, name, smoothed.timing());

        EncodeStage.Result encoded = EncodeStage.run(frames, smoothed.chroma(), smoothed.chromaWidth(),
                smoothed.chromaHeight(), this.frames, dir.resolve("encoded.mp4"), encoding);
        put(results, name, encoded.recombine());
        put(results, name, encoded.recombineEncode());
        return frames.frames();
    }

    /** The report of the sizes measured, with this machine's facts. */
    public BenchReport report(List<SizeResult> sizes) {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        BenchClip clip = clip(16, 16); // any size: the description does not depend on it
        String clipText = clip.describe() + "; 8-bit gray H.264 with grain, flicker and moving shapes; each size"
                + " its own clip; smoothing " + (SmoothingSettings.DEFAULT.enabled() ? "on (defaults)" : "off")
                + "; colorize with " + streamThreads + " stream thread(s); encoded with " + encoding.videoEncoder() + " preset " + encoding.preset() + ", crf " + encoding.crf();
        return new BenchReport(MachineFacts.current(), when,
                modelName + ", native " + colorizer.width() + "x" + colorizer.height(), clipText, sizes);
    }

    private BenchClip clip(int width, int height) {
        return BenchClip.forFrames(width, height, FPS, frames).withAudio(AUDIO_RATE, AUDIO_CHANNELS);
    }

    /** Frames kept in memory for the per-frame stages: all of them, up to {@value #POOL_MIB} MiB of luminance. */
    int poolSize(int width, int height) {
        long cap = POOL_MIB * 1024L * 1024L / ((long) width * height);
        return (int) Math.max(1, Math.min(frames, Math.max(8, cap)));
    }

    private static void put(Map<Stage, StageResult> results, String size, StageResult r) {
        results.put(r.stage(), r);
        LOG.info("{}: {}: {} ({} frames, {} ms per frame)", size, r.stage().label(),
                BenchReport.fps(r.framesPerSecond()), r.frames(),
                String.format(java.util.Locale.ROOT, "%.2f", r.millisPerFrame()));
    }

    private static void deleteTree(Path dir) {
        try {
            if (Files.exists(dir)) {
                PathUtils.deleteDirectory(dir);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
