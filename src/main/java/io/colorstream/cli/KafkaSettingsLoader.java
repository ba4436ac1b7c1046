package io.colorstream.cli;

import io.colorstream.kafka.KafkaSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one place {@link KafkaSettings} are built from the command line. Client properties come from, later
 * winning: the {@code --config} files (in order), {@code COLORSTREAM_KAFKA_*} environment variables, {@code --kafka-property},
 * then {@code --bootstrap-servers}. Topic prefix, record size, partitions and replication come from their options.
 */
public final class KafkaSettingsLoader {

    /** {@code COLORSTREAM_KAFKA_SECURITY_PROTOCOL} sets {@code security.protocol}. */
    public static final String ENV_PREFIX = "COLORSTREAM_KAFKA_";

    private static final String BOOTSTRAP = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

    private final Map<String, String> environment;

    public KafkaSettingsLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static KafkaSettingsLoader fromSystemEnvironment() {
        return new KafkaSettingsLoader(System.getenv());
    }

    /**
     * Settings for a role that must be told where the cluster is.
     *
     * @throws SettingsException when no source names a cluster, or a value is invalid
     */
    public KafkaSettings load(KafkaOptions options) {
        return load(options, () -> {
            throw new SettingsException("no Kafka cluster given: use --bootstrap-servers, bootstrap.servers in "
                    + "--config, or " + ENV_PREFIX + "BOOTSTRAP_SERVERS");
        });
    }

    /**
     * Settings where, if no source names a cluster, {@code whenNoCluster} provides one (e.g. by starting an
     * embedded broker). It is called only after everything else has been checked, so a bad option never
     * costs a broker start.
     */
    public KafkaSettings load(KafkaOptions options, Supplier<String> whenNoCluster) {
        Map<String, String> client = clientProperties(options);
        String bootstrap = client.remove(BOOTSTRAP);
        // Validate with a placeholder first: a broker is started only for settings that will be accepted.
        settings(options, bootstrap == null ? "unresolved:0" : bootstrap, client);
        if (bootstrap == null) {
            bootstrap = whenNoCluster.get();
        }
        return settings(options, bootstrap, client);
    }

    /** True when some source names a cluster (so {@code run} needs no embedded broker). */
    public boolean namesCluster(KafkaOptions options) {
        return clientProperties(options).containsKey(BOOTSTRAP);
    }

    /** Every client property from every source, later sources winning; {@code bootstrap.servers} included. */
    public Map<String, String> clientProperties(KafkaOptions options) {
        Map<String, String> p = new TreeMap<>();
        for (Path file : options.configFiles) {
            p.putAll(readPropertiesFile(file));
        }
        p.putAll(fromEnvironment());
        p.putAll(options.properties);
        if (options.bootstrapServers != null) {
            p.put(BOOTSTRAP, options.bootstrapServers);
        }
        String bootstrap = p.get(BOOTSTRAP);
        if (bootstrap != null && bootstrap.isBlank()) {
            throw new SettingsException("bootstrap servers are empty; give HOST:PORT[,HOST:PORT…]");
        }
        return p;
    }

    private Map<String, String> fromEnvironment() {
        Map<String, String> p = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                p.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return p;
    }

    private static Map<String, String> readPropertiesFile(Path file) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (NoSuchFileException e) {
            throw new SettingsException("--config file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new SettingsException("cannot read --config file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // a malformed \\uXXXX escape
            throw new SettingsException("--config file " + file + " is not a valid properties file: "
                    + e.getMessage(), e);
        }
        Map<String, String> p = new TreeMap<>();
        props.forEach((k, v) -> p.put(k.toString().trim(), v.toString().trim()));
        return p;
    }

    private static KafkaSettings settings(KafkaOptions o, String bootstrap, Map<String, String> extra) {
        if (o.topicPrefix == null || o.topicPrefix.isBlank() || !o.topicPrefix.matches("[A-Za-z0-9._-]+")) {
            throw new SettingsException("--topic-prefix may only hold letters, digits, '.', '_' and '-', got '"
                    + o.topicPrefix + "'");
        }
        if (o.maxRecordBytes < 1024 * 1024) {
            throw new SettingsException("--max-record-bytes must be at least 1MiB (1048576), got "
                    + o.maxRecordBytes);
        }
        if (o.partitions < 1) {
            throw new SettingsException("--partitions must be at least 1, got " + o.partitions);
        }
        if (o.replicationFactor < 1) {
            throw new SettingsException("--replication-factor must be at least 1, got " + o.replicationFactor);
        }
        String guarantee = o.processingGuarantee == null ? "at_least_once" : o.processingGuarantee;
        if (!guarantee.equals("at_least_once") && !guarantee.equals("exactly_once_v2")) {
            throw new SettingsException("--processing-guarantee must be at_least_once or exactly_once_v2, got '"
                    + guarantee + "'");
        }
        if (guarantee.equals("exactly_once_v2")) { // at_least_once is Kafka Streams' own default
            extra = new java.util.HashMap<>(extra);
            extra.put("processing.guarantee", guarantee);
        }
        try {
            return new KafkaSettings(bootstrap, o.topicPrefix, o.maxRecordBytes, o.partitions, o.replicationFactor,
                    extra);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }
}
