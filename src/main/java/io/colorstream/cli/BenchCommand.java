package io.colorstream.cli;

import io.colorstream.encode.FilmEncoder;

import io.colorstream.bench.BenchReport;
import io.colorstream.bench.Benchmark;
import io.colorstream.bench.FilmRun;
import io.colorstream.bench.ModelComparison;
import io.colorstream.bench.SizeResult;
import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.model.Colorizer;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.stream.SmoothingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code colorstream bench}: how fast each stage of the flow runs, per frame size. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure the speed of each stage, per frame size.", sortOptions = false,
        description = {
            "For each frame size, writes a black-and-white test clip and times each stage of the flow on it, "
                    + "one stage at a time after a warm-up: decoding (with shot detection), the model alone "
                    + "(batch 1 and batch 4), chroma smoothing, recombination and H.264 encoding, and the whole "
                    + "flow through an embedded Kafka broker with 2 partitions.",
            "",
            "Prints frames per second per stage and the ratio of end-to-end speed to the model's own, with the "
                    + "machine's facts; the table goes to stdout, progress to stderr. Takes a few minutes at the "
                    + "defaults: run it on an otherwise idle machine."})
public final class BenchCommand implements Callable<Integer> {

    /** The end-to-end pass gives up after this long (a stuck flow must not hang the bench). */
    static final Duration FLOW_TIMEOUT = Duration.ofHours(2);
    private static final int COMPARE_ROUNDS = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "120",
            description = "Frames of the clip, timed per stage and size (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--sizes", paramLabel = "SIZE", split = ",", defaultValue = "480p,1080p",
            converter = FrameSize.Converter.class,
            description = "Frame sizes: 480p, 720p, 1080p, 2160p or WIDTHxHEIGHT (even), comma-separated "
                    + "(default: ${DEFAULT-VALUE}).")
    List<FrameSize> sizes;

    @Mixin
    ModelOption model;

    @Option(names = "--compare", arity = "1..*", paramLabel = "DIR",
            description = "Time only the model: --model's (or the default) and each DIR's, batch 1, on the same "
                    + "frames of the first --sizes size, in alternating rounds; prints frames per second and the "
                    + "ratio to the first.")
    List<Path> compare;

    @Option(names = "--exactly-once",
            description = "Also run the whole flow with colorize under exactly_once_v2, after the default run, and "
                    + "report the ratio of the two speeds.")
    boolean exactlyOnce;

    @Option(names = "--x264-preset", paramLabel = "NAME", defaultValue = "medium",
            description = "x264 preset of the encode stage and the whole flow: medium is run's default (films to "
                    + "keep), ultrafast or veryfast the live settings (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
            description = "Kafka Streams threads of colorize in the whole flow (with --model-threads: how the two "
                    + "cores are shared; default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(names = "--live",
            description = "Instead of the stages: serve a generated clip of --frames frames as a live feed on the "
                    + "loopback in real time (--live-fps), colorize it with the whole flow publishing HLS (2 s "
                    + "segments), and print the latency from the feed to a published segment (median, 95th "
                    + "percentile), the pace kept, and resident memory after 1,000 frames and at the end: with "
                    + "--frames 10000 a soak. One size, the first of --sizes.")
    boolean live;

    @Option(names = "--live-fps", paramLabel = "FPS", defaultValue = "25",
            description = "Frame rate of the live bench's feed: 25 for PAL, 30 for a feed a little faster than "
                    + "NTSC's 29.97 (default: ${DEFAULT-VALUE}).")
    int liveFps;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write the results as Markdown to FILE.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        OptionChecks.positive(spec, "--frames", frames);
        for (FrameSize size : sizes) {
            if (size.width() % 2 != 0 || size.height() % 2 != 0) {
                throw new ParameterException(spec.commandLine(), "--sizes: " + size + " is odd; H.264 (yuv420p)"
                        + " needs an even width and height");
            }
        }
        if (liveFps < 1 || liveFps > 120) {
            throw new ParameterException(spec.commandLine(), "--live-fps must be 1 to 120 frames per second, got "
                    + liveFps);
        }
        if (markdown != null && Files.isDirectory(markdown)) {
            throw new ParameterException(spec.commandLine(), "--markdown: " + markdown + " is a directory; give a"
                    + " file name");
        }
        Path modelDir = model.modelDir();
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalStateException("no colorizer model at " + modelDir + ": the bench times the model, so it"
                    + " needs one; train it (./colorstream train) or pass --model DIR");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (compare != null) {
            return compareModels(modelDir, out);
        }
        if (live) {
            return liveBench(modelDir, out);
        }
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            SavedModelColorizer colorizer = stop.add(SavedModelColorizer.load(modelDir, model.threads));
            FilmEncoder.Settings encoding = FilmEncoder.Settings.defaults().withPreset(preset);
            Benchmark bench = new Benchmark(colorizer, modelDir.toString(), flow(colorizer, encoding), frames)
                    .withExactlyOnce(exactlyOnce).withEncoding(encoding).withStreamThreads(streamThreads);
            List<SizeResult> results = new ArrayList<>();
            for (FrameSize size : sizes) {
                if (stop.stopping()) {
                    break;
                }
                results.add(bench.measure(size.width(), size.height()));
            }
            BenchReport report = bench.report(results);
            out.print(report.toText());
            out.flush();
            if (markdown != null) {
                write(markdown, report.toMarkdown());
                out.println();
                out.println("markdown written: " + markdown);
            }
        }
        return 0;
    }

    private int liveBench(Path modelDir, PrintWriter out) throws Exception {
        FrameSize size = sizes.get(0);
        Path dir = Files.createTempDirectory("colorstream-live-bench-");
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            SavedModelColorizer colorizer = stop.add(SavedModelColorizer.load(modelDir, model.threads));
            io.colorstream.encode.LiveStream.Target target = new io.colorstream.encode.LiveStream.Target(
                    dir.resolve("live"), 6);
            FilmEncoder.Settings encoding = FilmEncoder.Settings.defaults().withPreset(preset).withLive(target)
                    .withPieceSeconds(2);
            io.colorstream.bench.LiveBench.Result r = io.colorstream.bench.LiveBench.run(flow(colorizer, encoding),
                    target, size.width(), size.height(), liveFps, frames, dir, streamThreads);
            String text = "colorstream bench --live: " + io.colorstream.bench.MachineFacts.current().hardware()
                    + ", x264 preset " + preset + ", " + modelDir + ", model threads "
                    + (model.threads == 0 ? "all" : model.threads) + ", stream threads " + streamThreads + "\n"
                    + r.toText();
            out.print(text);
            out.flush();
            if (markdown != null) {
                write(markdown, text);
            }
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
        return 0;
    }

    private int compareModels(Path modelDir, PrintWriter out) throws Exception {
        List<Path> dirs = new ArrayList<>(List.of(modelDir));
        dirs.addAll(compare);
        FrameSize size = sizes.get(0);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            List<ModelComparison.Entry> entries = new ArrayList<>();
            for (Path d : dirs) {
                OptionChecks.directory(spec, "--compare", d);
                entries.add(new ModelComparison.Entry(d.toString(), stop.add(SavedModelColorizer.load(d))));
            }
            List<ModelComparison.Row> rows = ModelComparison.run(entries, size.width(), size.height(), frames,
                    COMPARE_ROUNDS);
            String table = ModelComparison.table(rows, size.width(), size.height());
            out.print(table);
            out.flush();
            if (markdown != null) {
                write(markdown, table);
            }
        }
        return 0;
    }

    /** The whole flow as {@code run} runs it (default smoothing), with this model and encoding. */
    private static FilmRun flow(Colorizer colorizer, FilmEncoder.Settings encoding) {
        return new FilmRun() {
            @Override
            public void createTopics(KafkaSettings settings) {
                FilmFlow.createTopics(settings);
            }

            @Override
            public Path colorize(KafkaSettings settings, IngestJob job, Path output, LongConsumer colorized,
                                 Consumer<AutoCloseable> register) throws Exception {
                return FilmFlow.colorize(settings, job, output, colorizer, SmoothingSettings.DEFAULT,
                        FilmFlow.Options.defaults(FLOW_TIMEOUT).withEncoding(encoding), new FilmFlow.Listener() {
                            @Override
                            public void total(long n) {
                            }

                            @Override
                            public void colorized(long n) {
                                colorized.accept(n);
                            }
                        }, register);
            }
        };
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
