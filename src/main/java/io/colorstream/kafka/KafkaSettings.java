package io.colorstream.kafka;

import io.colorstream.wire.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How every role talks to Kafka, read once at start: where the cluster is, the topic prefix, how large a record
 * may be, and any extra client properties (from {@code --config FILE} and the environment).
 *
 * <p>Record size is raised consistently in one place: the topic's {@code max.message.bytes}, the producer's
 * {@code max.request.size}, the consumer's fetch sizes, and the same for Kafka Streams' own producers,
 * consumers and internal topics. A frame larger than {@link #maxRecordBytes()} is refused by the producer side.
 *
 * @param maxRecordBytes largest serialized record; 1080p luminance is ~2 MB, so the default is 16 MiB
 * @param partitions     partitions of the frame topics (shots spread over them)
 * @param extra          client properties passed through unchanged (they win over the defaults here)
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, int maxRecordBytes, int partitions,
                            short replicationFactor, Map<String, String> extra) {

    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_PARTITIONS = 4;
    /** Records a stream thread reads ahead per partition (and per poll): four model batches of frames. */
    public static final int STREAM_READ_AHEAD = 16;
    /** How long a state store's restore fetch may wait on the broker for more of its changelog (Kafka: 500 ms). */
    public static final int RESTORE_FETCH_WAIT_MS = 10;
    /** How long a stream thread's poll may block when there is nothing to read (Kafka: 100 ms). */
    public static final int STREAM_POLL_MS = 20;

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        if (maxRecordBytes < 1024 * 1024) {
            throw new IllegalArgumentException("max record size must be at least 1 MiB, got " + maxRecordBytes);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        extra = Map.copyOf(extra);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Topics.DEFAULT_PREFIX, DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_PARTITIONS, (short) 1, Map.of());
    }

    public KafkaSettings withPartitions(int n) {
        return new KafkaSettings(bootstrapServers, topicPrefix, maxRecordBytes, n, replicationFactor, extra);
    }

    public KafkaSettings withTopicPrefix(String prefix) {
        return new KafkaSettings(bootstrapServers, prefix, maxRecordBytes, partitions, replicationFactor, extra);
    }

    public KafkaSettings withMaxRecordBytes(int bytes) {
        return new KafkaSettings(bootstrapServers, topicPrefix, bytes, partitions, replicationFactor, extra);
    }

    /** The same settings with one more client property (it wins over the defaults here). */
    public KafkaSettings withProperty(String key, String value) {
        Map<String, String> e = new HashMap<>(extra);
        e.put(key, value);
        return new KafkaSettings(bootstrapServers, topicPrefix, maxRecordBytes, partitions, replicationFactor, e);
    }

    /**
     * The same without compressing records, unless compression was asked for: for a broker on this machine (the
     * embedded one), where no network is saved and lz4 only costs the producing and consuming roles CPU (5 % of
     * `run`'s wall time at 480p, docs/benchmarks.md). Consumed records are purged there, so the disk stays bounded.
     */
    public KafkaSettings uncompressedUnlessAsked() {
        if (extra.containsKey("compression.type") || extra.containsKey("producer.compression.type")) {
            return this;
        }
        return withProperty("compression.type", "none").withProperty("producer.compression.type", "none");
    }

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /**
     * What the transport must carry for one record of the largest size: ingest checks frames against
     * {@link #maxRecordBytes()}, and a colour frame is that gray frame plus its model-size chroma (~100 KB) plus
     * batch framing, so every limit downstream of ingest gets 1 MiB of headroom.
     */
    public int requestBytes() {
        return maxRecordBytes + 1024 * 1024;
    }

    public Properties adminProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(extra);
        return p;
    }

    public Properties producerProperties(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, requestBytes());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L * 1024 * 1024, 4L * requestBytes()));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // no duplicate or reordered frames on retry
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // cheap on the CPU, halves film grain
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(extra);
        return p;
    }

    public Properties consumerProperties(String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, requestBytes());
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(52428800, requestBytes()));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putAll(extra);
        return p;
    }

    /** Streams configuration with the size limits applied to its producer, consumer and internal topics. */
    public Properties streamsProperties(String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), requestBytes());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG),
                Math.max(64L * 1024 * 1024, 4L * requestBytes()));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), requestBytes());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
                Math.max(52428800, requestBytes()));
        // Frames are big and the model is slow: fetch few at a time so a poll never outlives the poll interval,
        // and read ahead only a few batches' worth. Kafka Streams' default read-ahead, 1,000 records a partition,
        // is gigabytes of frames: a flow that falls behind a live feed held them on the heap and grew by as much
        // (the 30 fps live soak, docs/benchmarks.md); the backlog belongs in the broker, not in the process.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), STREAM_READ_AHEAD);
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, STREAM_READ_AHEAD);
        // The broker answers one request per connection at a time, so a restore consumer's fetch on a changelog
        // with nothing (more) to read holds back its next request (the next task's offsets) for as long as the
        // fetch may wait: 500 ms by default, paid per task before colorize runs (docs/benchmarks.md). A restore
        // that has data gets it at once either way; caught up, its fetches come back sooner.
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_WAIT_MS);
        // Likewise, a stream thread with nothing to read waits this long before it looks at its tasks again: a task
        // that has finished restoring, or a batch the timer should flush, waits for it (Kafka: 100 ms).
        p.put(StreamsConfig.POLL_MS_CONFIG, (long) STREAM_POLL_MS);
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), requestBytes());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        p.putAll(extra);
        return p;
    }

    /** Configuration for the flow's topics, created by the admin before roles start. */
    public Map<String, String> topicConfig(boolean compacted) {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(requestBytes()));
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        return c;
    }
}
