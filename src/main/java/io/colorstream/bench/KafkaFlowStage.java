package io.colorstream.bench;

import io.colorstream.ingest.FilmDecoder;
import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.stream.RocksDbLibrary;
import io.colorstream.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the whole flow through Kafka, as {@code colorstream run} runs it: a fresh embedded broker (started and its
 * topics created before the clock starts) with the frame topics on {@value #PARTITIONS} partitions, then the clip
 * from its file to a colour film, all three roles in this process. The time runs from starting the roles to the
 * film being written, so it includes Kafka Streams joining its group; that start-up is also reported on its own
 * (the time until the first frame was colorized, seen to within the flow's 0.2 s progress polls).
 */
final class KafkaFlowStage {
    static final int PARTITIONS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFlowStage.class);

    private KafkaFlowStage() {
    }

    /**
     * @param stateDir where Kafka Streams keeps its state (a fresh directory; the caller deletes it)
     */
    static Result run(FilmRun flow, Path film, String videoId, long frames, Path output, Path stateDir)
            throws Exception {
        return run(flow, film, videoId, frames, output, stateDir, false, 1);
    }

    /** @param exactlyOnce colorize with exactly_once_v2 (transactions), timed as its own stage */
    static Result run(FilmRun flow, Path film, String videoId, long frames, Path output, Path stateDir,
                      boolean exactlyOnce, int streamThreads) throws Exception {
        RocksDbLibrary.loadInBackground(); // as run does while its broker starts
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            // Kafka Streams' state in a directory of this run: the default one (java.io.tmpdir/kafka-streams) keeps
            // the state of earlier runs against other brokers, and restoring from that stale state (Streams finds
            // it corrupt, wipes it, and restores) would be timed as part of the flow.
            KafkaSettings settings = new KafkaSettings(broker.bootstrapServers(), Topics.DEFAULT_PREFIX,
                    KafkaSettings.DEFAULT_MAX_RECORD_BYTES, PARTITIONS, (short) 1,
                    exactlyOnce ? Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                            StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads))
                            : Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                            StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads)))
                    .uncompressedUnlessAsked(); // as run does with its embedded broker
            flow.createTopics(settings);
            IngestJob job = IngestJob.of(film.toString()).withVideoId(videoId);
            Deque<AutoCloseable> started = new ArrayDeque<>();
            AtomicLong firstColorized = new AtomicLong(-1);
            AtomicLong written = new AtomicLong(-1);
            long t0 = System.nanoTime();
            StageResult timed;
            try {
                timed = StageTimer.pass(exactlyOnce ? Stage.END_TO_END_EXACTLY_ONCE : Stage.END_TO_END, () -> {
                    flow.colorize(settings, job, output, done -> {
                        if (done > 0) {
                            firstColorized.compareAndSet(-1, System.nanoTime());
                        }
                    }, started::push);
                    written.set(System.nanoTime()); // the film is there; stopping the roles is not timed
                    return frames;
                });
            } finally {
                while (!started.isEmpty()) {
                    closeQuietly(started.pop());
                }
            }
            long end = written.get();
            long first = firstColorized.get();
            double startup = first < 0 ? Double.NaN : (first - t0) / 1e9;
            StageResult steady = first < 0 || frames < 2 ? null
                    : new StageResult(Stage.END_TO_END_STEADY, frames - 1, Math.max(1, end - first));
            return new Result(timed, steady, startup, framesIn(output));
        }
    }

    /** What the written film claims to hold (a cheap check that nothing was lost; -1 when it cannot tell). */
    private static long framesIn(Path film) {
        if (!Files.isRegularFile(film)) {
            return -1;
        }
        try (FilmDecoder decoder = FilmDecoder.open(film.toString())) {
            return decoder.facts().frameCountHint();
        } catch (RuntimeException e) {
            LOG.warn("cannot read back the end-to-end film {}: {}", film, e.getMessage());
            return -1;
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
        }
    }

    /**
     * @param steady            from the first frame colorized to the film written, frames after the first; null when
     *                          the first was not seen
     * @param firstFrameSeconds from starting the roles to the first frame colorized; NaN if never seen
     * @param framesWritten     frames the colour film holds by its container's count, -1 when unknown
     */
    record Result(StageResult timing, StageResult steady, double firstFrameSeconds, long framesWritten) {
    }
}
