package io.colorstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.cli.KafkaOptions;
import io.colorstream.kafka.KafkaSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * topologies/ROLE.kafka.properties, the settings docker/ and k8s/ mount for each role: every key is one the role's
 * Kafka clients know (a misspelt key would be ignored by Kafka with a warning nobody reads), and each value reaches
 * the clients when the file is layered after a cluster file with a second --config.
 */
class RoleConfigFilesTest {

    @ParameterizedTest
    @CsvSource({"ingest", "colorize", "encode"})
    void everyKeyIsKnownToTheRolesClientsAndReachesThem(String role) throws Exception {
        Path file = Path.of("topologies", role + ".kafka.properties");
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            settings.load(r);
        }
        assertFalse(settings.isEmpty(), file.toString());
        Set<String> known = new HashSet<>();
        switch (role) {
            case "ingest" -> known.addAll(ProducerConfig.configNames());
            case "encode" -> {
                known.addAll(ConsumerConfig.configNames());
                known.addAll(ProducerConfig.configNames()); // its dead letters
            }
            default -> {
                known.addAll(StreamsConfig.configDef().names());
                ConsumerConfig.configNames().forEach(k -> known.add(StreamsConfig.consumerPrefix(k)));
                ProducerConfig.configNames().forEach(k -> known.add(StreamsConfig.producerPrefix(k)));
            }
        }
        for (String key : settings.stringPropertyNames()) {
            assertTrue(known.contains(key), file + ": " + key + " is not a setting of the " + role + " role's clients");
        }

        // Layered after a cluster file, as k8s/ does: the cluster's connection stays, the role's tuning is added.
        Path cluster = Files.createTempFile("cluster", ".properties");
        try {
            Files.writeString(cluster, "bootstrap.servers=broker:9093\nsecurity.protocol=SSL\n");
            KafkaOptions options = new KafkaOptions();
            new CommandLine(options).parseArgs("--config", cluster.toString(), "--config", file.toString());
            KafkaSettings kafka = options.settings();
            assertEquals("broker:9093", kafka.bootstrapServers());
            Map<Object, Object> effective = switch (role) {
                case "ingest" -> kafka.producerProperties("p");
                case "encode" -> kafka.consumerProperties("g");
                default -> kafka.streamsProperties("colorstream-colorize");
            };
            assertEquals("SSL", String.valueOf(effective.get("security.protocol")));
            for (String key : settings.stringPropertyNames()) {
                assertEquals(settings.getProperty(key), String.valueOf(effective.get(key)), role + ": " + key);
            }
        } finally {
            Files.deleteIfExists(cluster);
        }
    }
}
