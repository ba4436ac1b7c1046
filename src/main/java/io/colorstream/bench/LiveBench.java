package io.colorstream.bench;

import io.colorstream.encode.LiveStream;
import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live bench ({@code bench --live}): a generated clip served as a live feed on the loopback in real time
 * ({@link LiveSource}), colorized by the whole flow (embedded broker) with a live HLS output, and measured from
 * outside: for every frame, the time from leaving the feed to being listed in the playlist inside a published
 * segment (the latency a viewer has); the process's resident memory after the first 1,000 frames and when the last
 * frame was published, with the JVM heap's share (a soak over many frames shows whether it stays flat), and apart,
 * after the film was finished (a one-off at the feed's end, not growth over it); and whether the flow kept the
 * feed's pace.
 */
public final class LiveBench {
    private static final Logger LOG = LoggerFactory.getLogger(LiveBench.class);
    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),\\s*\\n([^\\n]*-(\\d+)\\.ts)");

    private LiveBench() {
    }

    /**
     * @param frames        frames sent over the feed
     * @param windowFrames  memory is read once this many frames have been sent, when the last frame has been
     *                      published, and after the film was finished
     */
    public record Result(int width, int height, int fps, int frames, int framesPublished, double seconds,
                         double medianLatency, double p95Latency, double maxLatency, int segments,
                         Memory afterWindow, Memory feedEnd, long rssPeakBytes, long rssFinishedBytes,
                         int windowFrames) {
        /** Frames colorized and published per second of feed: the feed's rate when the flow keeps up. */
        public double framesPerSecond() {
            return framesPublished / seconds;
        }

        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "live feed %dx%d at %d fps, %d frames (%.0f s)%n", width, height,
                    fps, frames, frames / (double) fps));
            b.append(String.format(Locale.ROOT, "  published           %d of %d frames in %d segments%n",
                    framesPublished, frames, segments));
            b.append(String.format(Locale.ROOT, "  pace                %.1f fps published over %.1f s (feed %d fps)%n",
                    framesPerSecond(), seconds, fps));
            b.append(String.format(Locale.ROOT, "  latency, feed → published segment: median %.2f s, 95th "
                    + "percentile %.2f s, max %.2f s%n", medianLatency, p95Latency, maxLatency));
            b.append(String.format(Locale.ROOT, "  resident memory     %.0f MiB after %d frames, %.0f MiB when the last "
                    + "frame was published (%+.1f %%); peak %.0f MiB while the feed ran%n",
                    mib(afterWindow.rssBytes()), windowFrames, mib(feedEnd.rssBytes()),
                    100.0 * (feedEnd.rssBytes() - afterWindow.rssBytes()) / afterWindow.rssBytes(),
                    mib(rssPeakBytes)));
            b.append(String.format(Locale.ROOT, "  of which JVM heap   %.0f → %.0f MiB committed (%.0f → %.0f MiB in use); "
                    + "%.0f MiB resident after the film was finished%n", mib(afterWindow.heapCommittedBytes()),
                    mib(feedEnd.heapCommittedBytes()), mib(afterWindow.heapUsedBytes()),
                    mib(feedEnd.heapUsedBytes()), mib(rssFinishedBytes)));
            return b.toString();
        }

        private static double mib(long bytes) {
            return bytes / 1048576.0;
        }
    }

    /** The process's memory at one moment: resident set (-1 where /proc cannot be read) and the JVM's heap. */
    public record Memory(long rssBytes, long heapCommittedBytes, long heapUsedBytes) {
        static Memory now() {
            java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                    .getHeapMemoryUsage();
            return new Memory(residentBytes(), heap.getCommitted(), heap.getUsed());
        }
    }

    /**
     * @param flow    the whole flow, whose encoding publishes live into {@code live} (1 s segments or so)
     * @param dir     a scratch directory for the clip and the film
     */
    public static Result run(FilmRun flow, LiveStream.Target live, int width, int height, int fps, int frames,
                             Path dir, int streamThreads) throws Exception {
        BenchClip clip = BenchClip.forFrames(width, height, fps, frames).withAudio(48_000, 2);
        LOG.info("live bench: writing a {}x{} feed of {} frames", width, height, frames);
        Path ts = clip.writeTo(dir.resolve("feed.ts"), true);
        Path output = dir.resolve("feed-color.mp4");
        Path playlist = live.playlist(output);
        int window = Math.min(1000, frames);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
             LiveSource source = new LiveSource(ts, frames)) {
            KafkaSettings settings = new KafkaSettings(broker.bootstrapServers(), Topics.DEFAULT_PREFIX,
                    KafkaSettings.DEFAULT_MAX_RECORD_BYTES, 2, (short) 1,
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-state").toString(),
                            StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads)))
                    .uncompressedUnlessAsked(); // as run does with its embedded broker
            flow.createTopics(settings);
            Deque<AutoCloseable> started = new ArrayDeque<>();
            CompletableFuture<Path> done = CompletableFuture.supplyAsync(() -> {
                try {
                    return flow.colorize(settings, IngestJob.of(source.url()).withVideoId("live-bench"), output,
                            n -> { }, started::push);
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            Map<Long, Long> publishedAt = new HashMap<>();
            Map<Long, Integer> framesOf = new HashMap<>();
            Memory atWindow = null;
            Memory atFeedEnd = null;
            long peak = -1;
            long lastSample = 0;
            try {
                while (!done.isDone()) {
                    poll(playlist, fps, publishedAt, framesOf);
                    if (atWindow == null && source.framesSent() >= window) {
                        atWindow = Memory.now();
                    }
                    if (atFeedEnd == null && source.finished() && publishedFrames(framesOf) >= source.framesSent()) {
                        atFeedEnd = Memory.now(); // every frame sent is out; what follows is finishing the film
                    }
                    if (atFeedEnd == null && System.nanoTime() - lastSample > 1_000_000_000L) {
                        peak = Math.max(peak, residentBytes());
                        lastSample = System.nanoTime();
                    }
                    Thread.sleep(10);
                }
                done.get(); // a failed flow fails the bench, naming why
                poll(playlist, fps, publishedAt, framesOf);
            } finally {
                while (!started.isEmpty()) {
                    try {
                        started.pop().close();
                    } catch (Exception e) {
                        LOG.warn("stopping a role failed: {}", e.toString());
                    }
                }
            }
            long rssFinished = residentBytes();
            if (atFeedEnd == null) { // the flow ended before the bench saw the last segment
                atFeedEnd = Memory.now();
            }
            if (atWindow == null) {
                atWindow = atFeedEnd;
            }
            peak = Math.max(peak, atFeedEnd.rssBytes());
            if (source.failure() != null) {
                throw new IOException("the live feed failed: " + source.failure(), source.failure());
            }
            // Frame n is in the segment that holds it: segments in order, each its frame count.
            List<Long> order = new ArrayList<>(new java.util.TreeSet<>(publishedAt.keySet()));
            int sent = Math.min(source.framesSent(), frames);
            double[] latency = new double[sent];
            int n = 0;
            for (long seg : order) {
                int count = framesOf.get(seg);
                for (int i = 0; i < count && n < sent; i++, n++) {
                    latency[n] = (publishedAt.get(seg) - source.sentAtNanos(n)) / 1e9;
                }
            }
            double[] seen = Arrays.copyOf(latency, n);
            Arrays.sort(seen);
            double seconds = (publishedAt.isEmpty() ? System.nanoTime()
                    : publishedAt.values().stream().mapToLong(Long::longValue).max().getAsLong()
                    - source.sentAtNanos(0)) / 1e9;
            return new Result(width, height, fps, frames, n, seconds, quantile(seen, 0.5), quantile(seen, 0.95),
                    seen.length == 0 ? Double.NaN : seen[seen.length - 1], order.size(), atWindow, atFeedEnd, peak,
                    rssFinished, window);
        }
    }

    /** Notes segments newly listed in the playlist, with the time they were first seen and their frame counts. */
    private static void poll(Path playlist, int fps, Map<Long, Long> publishedAt, Map<Long, Integer> framesOf) {
        String text;
        try {
            text = Files.readString(playlist);
        } catch (IOException notYet) {
            return;
        }
        long now = System.nanoTime();
        Matcher m = SEGMENT.matcher(text);
        while (m.find()) {
            long seq = Long.parseLong(m.group(3));
            if (!publishedAt.containsKey(seq)) {
                publishedAt.put(seq, now);
                framesOf.put(seq, (int) Math.round(Double.parseDouble(m.group(1)) * fps));
            }
        }
    }

    private static int publishedFrames(Map<Long, Integer> framesOf) {
        return framesOf.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** The process's resident set (Linux /proc), in bytes; -1 where it cannot be read. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the resident memory: {}", e.toString());
        }
        return -1;
    }
}
