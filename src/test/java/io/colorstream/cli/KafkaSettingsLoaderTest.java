package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaSettingsLoaderTest {

    @TempDir
    Path dir;

    private static KafkaOptions parse(Map<String, String> env, String... args) {
        KafkaOptions o = new KafkaOptions();
        new CommandLine(o).parseArgs(args);
        o.environment = env;
        return o;
    }

    private Path configFile(String text) throws Exception {
        Path f = dir.resolve("kafka.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void fileIsOverriddenByEnvironmentWhichIsOverriddenByOptions() throws Exception {
        Path file = configFile("""
                bootstrap.servers=file:9092
                security.protocol=SSL
                sasl.mechanism=PLAIN
                client.rack=file-rack
                """);
        Map<String, String> env = Map.of(
                "COLORSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "COLORSTREAM_KAFKA_CLIENT_RACK", "env-rack",
                "COLORSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "UNRELATED", "x");
        KafkaSettings s = parse(env, "--config", file.toString(), "--kafka-property", "client.rack=option-rack",
                "--bootstrap-servers", "option:9092").settings();

        assertEquals("option:9092", s.bootstrapServers());
        assertEquals("SASL_SSL", s.extra().get("security.protocol"), "env beats file");
        assertEquals("PLAIN", s.extra().get("sasl.mechanism"), "file alone");
        assertEquals("option-rack", s.extra().get("client.rack"), "option beats env");
        assertFalse(s.extra().containsKey("bootstrap.servers"), "bootstrap is a field, not an extra");
        assertFalse(s.extra().containsKey("unrelated"));
        assertEquals("SASL_SSL", s.producerProperties("p").get("security.protocol"), "extras reach the clients");
    }

    @Test
    void bootstrapFromTheEnvironmentWhenNoOptionGivesIt() throws Exception {
        Path file = configFile("bootstrap.servers=file:9092\n");
        KafkaOptions o = parse(Map.of("COLORSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092"), "--config",
                file.toString());
        assertEquals("env:9092", o.settings().bootstrapServers());
        assertEquals("file:9092", parse(Map.of(), "--config", file.toString()).settings().bootstrapServers());
    }

    @Test
    void sizeAndTopicOptionsReachTheSettings() {
        KafkaSettings s = parse(Map.of(), "--bootstrap-servers", "b:1", "--topic-prefix", "film7.",
                "--max-record-bytes", "32MiB", "--partitions", "6", "--replication-factor", "3").settings();
        assertEquals("film7.", s.topicPrefix());
        assertEquals("film7.frames.gray", s.topics().grayFrames().name());
        assertEquals(32 * 1024 * 1024, s.maxRecordBytes());
        assertEquals(6, s.partitions());
        assertEquals(3, s.replicationFactor());

        KafkaSettings defaults = parse(Map.of(), "--bootstrap-servers", "b:1").settings();
        assertEquals(KafkaSettings.DEFAULT_MAX_RECORD_BYTES, defaults.maxRecordBytes());
        assertEquals(KafkaSettings.DEFAULT_PARTITIONS, defaults.partitions());
    }

    @Test
    void noClusterAnywhereIsAClearErrorUnlessSomeoneProvidesOne() {
        KafkaOptions o = parse(Map.of("COLORSTREAM_KAFKA_CLIENT_ID", "x"));
        SettingsException e = assertThrows(SettingsException.class, o::settings);
        assertTrue(e.getMessage().contains("--bootstrap-servers"), e.getMessage());

        AtomicInteger started = new AtomicInteger();
        KafkaSettings s = o.settings(() -> {
            started.incrementAndGet();
            return "127.0.0.1:1234";
        });
        assertEquals("127.0.0.1:1234", s.bootstrapServers());
        assertEquals(1, started.get());
    }

    @Test
    void aClusterNamedAnywhereMeansNoEmbeddedBroker() {
        KafkaOptions o = parse(Map.of("COLORSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092"));
        KafkaSettings s = o.settings(() -> {
            throw new AssertionError("embedded broker started although the environment names a cluster");
        });
        assertEquals("env:9092", s.bootstrapServers());
    }

    @Test
    void badValuesFailBeforeAnyBrokerStarts() {
        KafkaOptions o = parse(Map.of(), "--partitions", "0");
        SettingsException e = assertThrows(SettingsException.class, () -> o.settings(() -> {
            throw new AssertionError("broker started for settings that are then refused");
        }));
        assertTrue(e.getMessage().contains("--partitions"), e.getMessage());

        SettingsException small = assertThrows(SettingsException.class,
                () -> parse(Map.of(), "--bootstrap-servers", "b:1", "--max-record-bytes", "512k").settings());
        assertTrue(small.getMessage().contains("--max-record-bytes"), small.getMessage());

        SettingsException prefix = assertThrows(SettingsException.class,
                () -> parse(Map.of(), "--bootstrap-servers", "b:1", "--topic-prefix", "a/b").settings());
        assertTrue(prefix.getMessage().contains("--topic-prefix"), prefix.getMessage());
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        SettingsException e = assertThrows(SettingsException.class,
                () -> parse(Map.of(), "--bootstrap-servers", "b:1", "--config", missing.toString()).settings());
        assertTrue(e.getMessage().contains("--config") && e.getMessage().contains("nope.properties"),
                e.getMessage());
    }

    @Test
    void malformedConfigFileIsNamed() throws Exception {
        Path bad = configFile("ssl.key.password=\\uZZZZ\n");
        SettingsException e = assertThrows(SettingsException.class,
                () -> parse(Map.of(), "--bootstrap-servers", "b:1", "--config", bad.toString()).settings());
        assertTrue(e.getMessage().contains("kafka.properties") && e.getMessage().contains("not a valid"),
                e.getMessage());
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> parse(Map.of(), "--bootstrap-servers", "b:1", "--config", dir.toString()).settings());
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void emptyBootstrapIsRefused() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> parse(Map.of("COLORSTREAM_KAFKA_BOOTSTRAP_SERVERS", " ")).settings(() -> "x:1"));
        assertTrue(e.getMessage().contains("bootstrap"), e.getMessage());
    }

    @Test
    void anEmbeddedBrokersRecordsGoUncompressedUnlessCompressionWasAskedFor() {
        KafkaSettings plain = KafkaSettings.of("x:1").uncompressedUnlessAsked();
        assertEquals("none", plain.producerProperties("p").get("compression.type"));
        assertEquals("none", plain.streamsProperties("a").get("producer.compression.type"));
        assertEquals("lz4", KafkaSettings.of("x:1").producerProperties("p").get("compression.type"), "a cluster's");
        KafkaSettings asked = KafkaSettings.of("x:1").withProperty("compression.type", "zstd").uncompressedUnlessAsked();
        assertEquals("zstd", asked.producerProperties("p").get("compression.type"));
    }
}
