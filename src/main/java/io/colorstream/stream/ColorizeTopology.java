package io.colorstream.stream;

import io.colorstream.wire.Topic;
import io.colorstream.wire.Topics;
import io.colorstream.model.Colorizer;
import io.colorstream.wire.CborSerde;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.GrayRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The colorize role's topology: gray frames in, colour frames out, chroma smoothed per shot.
 *
 * <pre>
 *   gray-frames (source: frames.gray, key videoId/shot)
 *        │
 *   colorize ── colorize-smoothing-state (RocksDB, changelogged, cached)
 *        │
 *   color-frames (sink: frames.color, same key)
 * </pre>
 *
 * The key is kept, so a shot's colour frames land on one partition in the order its gray frames came, and the
 * shot's end marker after them. The application and the tests both build it here, so tests run what ships.
 * Node and store names are fixed: the described topology (topologies/colorize.txt) and the changelog topic's
 * name ({@code <application.id>-colorize-smoothing-state-changelog}) stay stable.
 */
public final class ColorizeTopology {
    public static final String SOURCE = "gray-frames";
    public static final String PROCESSOR = "colorize";
    public static final String STORE = "colorize-smoothing-state";
    /** Frames waiting for the rest of their model batch (only when batching). */
    public static final String BUFFER_STORE = "colorize-batch-buffer";
    /** Frames per model call in the colorize role: the model is 1.4–1.5× faster per frame at 4 than at 1. */
    public static final int DEFAULT_BATCH = 4;
    public static final String SINK = "color-frames";

    private ColorizeTopology() {
    }

    /**
     * @param colorizer shared by every stream task; it must be safe to call from several threads
     */
    public static Topology build(Topics topics, Colorizer colorizer, SmoothingSettings smoothing) {
        return build(topics, colorizer, smoothing, Integer.MAX_VALUE);
    }

    /** @param maxFrameBytes a gray frame with more luminance bytes than this is refused (a dead letter) */
    public static Topology build(Topics topics, Colorizer colorizer, SmoothingSettings smoothing, int maxFrameBytes) {
        return build(topics, colorizer, smoothing, maxFrameBytes, 1);
    }

    /**
     * @param batch frames per model call; above 1 the frames waiting for their batch are kept in a changelogged
     *              in-memory store ({@value #BUFFER_STORE}), so a crash after Kafka committed their offsets
     *              does not lose them
     */
    public static Topology build(Topics topics, Colorizer colorizer, SmoothingSettings smoothing, int maxFrameBytes,
                                 int batch) {
        Topic<String, GrayRecord> in = topics.grayFrames();
        Topic<String, ColorRecord> out = topics.colorFrames();
        LiveKeepUp keepUp = new LiveKeepUp(LiveKeepUp.DEFAULT_MAX_LAG); // one per topology: says it once per film
        ProcessorSupplier<String, GrayRecord, String, ColorRecord> colorize =
                () -> new ColorizeProcessor(colorizer, smoothing, maxFrameBytes, keepUp, batch);
        Topology t = new Topology()
                .addSource(SOURCE, in.keySerde().deserializer(), in.valueSerde().deserializer(), in.name())
                .addProcessor(PROCESSOR, colorize, SOURCE)
                .addStateStore(smoothingStore(), PROCESSOR);
        if (batch > 1) {
            // Logged (a changelog by default) and cached: a frame coloured before the next commit is put and
            // deleted in the cache and never reaches the changelog; one still waiting at a commit is written
            // before the offsets are (Kafka Streams flushes caches first), which is what keeps it safe.
            t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(),
                    CborSerde.of(BufferedFrame.class)).withCachingEnabled(), PROCESSOR);
        }
        return t.addSink(SINK, out.name(), out.keySerde().serializer(), out.valueSerde().serializer(),
                new FilmPartitioner(), PROCESSOR);
    }

    /**
     * Persistent, so a restarted instance does not replay its changelog into memory; cached, so a shot's state
     * (hundreds of KiB, rewritten after every model call) reaches RocksDB and the changelog once per commit rather
     * than once per call.
     */
    private static StoreBuilder<KeyValueStore<String, SmoothingState>> smoothingStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        CborSerde.of(SmoothingState.class))
                .withCachingEnabled();
    }
}
