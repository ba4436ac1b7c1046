package io.colorstream.cli;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How a role reaches Kafka, shared by {@code run}, {@code ingest}, {@code colorize} and {@code encode}.
 * {@link KafkaSettingsLoader} turns these into {@link KafkaSettings}.
 */
@Command(footerHeading = "%nKafka client properties%n", footer = {
        "Client properties (bootstrap.servers, security.protocol, sasl.*, ssl.*, …)",
        "are read from these sources, later ones winning:",
        "  1. --config FILE, a Java properties file;",
        "  2. environment variables COLORSTREAM_KAFKA_<NAME>, the name lower-cased",
        "     with '_' read as '.': COLORSTREAM_KAFKA_SECURITY_PROTOCOL=SSL sets",
        "     security.protocol;",
        "  3. --kafka-property KEY=VALUE, then --bootstrap-servers.",
        "They apply to every producer, consumer, admin and Streams client and win",
        "over colorstream's own defaults."})
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "Kafka cluster to use. Without one (here, in --config or in the environment), "
                    + "'run' starts an embedded single-node broker; the other roles refuse to start.")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Java properties file of Kafka client properties (see below); repeat to layer files, "
                    + "later ones winning (e.g. the cluster's connection, then the role's tuning from topologies/).")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property; repeat as needed. Wins over --config and the environment.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Prefix of the flow's topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--max-record-bytes", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            defaultValue = "16MiB",
            description = "Largest record (one frame) the flow accepts, e.g. 16MiB or 33554432; at least 1MiB. "
                    + "Topics, producers and consumers are sized to match (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + KafkaSettings.DEFAULT_PARTITIONS,
            description = "Partitions of the frame topics when colorstream creates them; shots spread over them "
                    + "(default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
            description = "Replication factor of the topics colorstream creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--processing-guarantee", paramLabel = "at_least_once|exactly_once_v2",
            defaultValue = "at_least_once",
            description = "Kafka Streams' processing guarantee for colorize (default: ${DEFAULT-VALUE}): with "
                    + "exactly_once_v2 a crash never publishes a frame twice nor loses smoothing state mid-commit "
                    + "(transactions; every reader reads committed records only). Costs speed: see "
                    + "docs/operations.md.")
    String processingGuarantee;

    /** The environment read for {@code COLORSTREAM_KAFKA_*}; replaced by tests. */
    Map<String, String> environment = System.getenv();

    /** Settings for a role that must be told where the cluster is; see {@link KafkaSettingsLoader#load(KafkaOptions)}. */
    public KafkaSettings settings() {
        return new KafkaSettingsLoader(environment).load(this);
    }

    /** Settings where {@code whenNoCluster} supplies bootstrap servers if no source names a cluster. */
    public KafkaSettings settings(Supplier<String> whenNoCluster) {
        return new KafkaSettingsLoader(environment).load(this, whenNoCluster);
    }

    /** Largest record, as given (the embedded broker is sized from it before any settings exist). */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }
}
