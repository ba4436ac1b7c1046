package io.colorstream.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerTest {

    @Test
    void carriesARecordOverKafkasDefaultLimitAndCleansUpAfterItself() throws Exception {
        Path logDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            logDir = broker.logDir();
            assertTrue(Files.isDirectory(logDir), "broker log directory exists while running");
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());

            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2);
            List<String> created = TopicCreator.createMissing(settings);
            assertEquals(settings.topics().names().size(), created.size(), "all topics created: " + created);
            assertEquals(List.of(), TopicCreator.createMissing(settings), "second call creates nothing");
            assertTopicsLaidOut(settings);

            // Random bytes do not compress, so the record really is 3 MB on the wire (Kafka's default is 1 MB).
            byte[] payload = new byte[3 * 1024 * 1024];
            new Random(7).nextBytes(payload);
            String topic = settings.topics().grayFrames().name();

            RecordMetadata sent;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producerProperties("test"),
                    new StringSerializer(), new ByteArraySerializer())) {
                sent = producer.send(new ProducerRecord<>(topic, "film/0", payload)).get(60, TimeUnit.SECONDS);
            }

            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumerProperties("test"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                ConsumerRecord<String, byte[]> got = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (got == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        got = r;
                    }
                }
                assertNotNull(got, "the 3 MB record came back");
                assertEquals("film/0", got.key());
                assertEquals(sent.partition(), got.partition());
                assertArrayEquals(payload, got.value());
            }
        }
        assertFalse(Files.exists(logDir), "log directory deleted on stop: " + logDir);
    }

    /**
     * A producer that sends the moment the topics exist must find a leader on every partition: with no retries, a
     * partition in the metadata whose broker does not yet lead it answers NOT_LEADER_OR_FOLLOWER and the send fails
     * (an idempotent producer's retry of such a batch stalled a run for two minutes). Many partitions, several
     * rounds, to widen the window the check closes.
     */
    @Test
    void everyNewPartitionTakesARecordAtOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            for (int round = 0; round < 3; round++) {
                KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(16)
                        .withTopicPrefix("round" + round + ".");
                List<String> created = TopicCreator.createMissing(settings);
                assertEquals(settings.topics().names().size(), created.size(), "all topics created: " + created);

                java.util.Properties props = settings.producerProperties("test");
                props.put("retries", "0");
                props.put("enable.idempotence", "false");
                props.put("acks", "all");
                props.put("linger.ms", "0");
                List<java.util.concurrent.Future<RecordMetadata>> sends = new java.util.ArrayList<>();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                        new StringSerializer())) {
                    for (String topic : List.of(settings.topics().grayFrames().name(),
                            settings.topics().colorFrames().name(), settings.topics().audio().name())) {
                        for (int p = 0; p < 16; p++) {
                            sends.add(producer.send(new ProducerRecord<>(topic, p, "k", "v")));
                        }
                    }
                    for (java.util.concurrent.Future<RecordMetadata> f : sends) {
                        f.get(60, TimeUnit.SECONDS); // throws on NOT_LEADER_OR_FOLLOWER
                    }
                }
            }
        }
    }

    private static void assertTopicsLaidOut(KafkaSettings settings) throws Exception {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            Map<String, TopicDescription> d = admin.describeTopics(settings.topics().names()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(2, d.get(settings.topics().grayFrames().name()).partitions().size());
            assertEquals(2, d.get(settings.topics().colorFrames().name()).partitions().size());
            // Co-partitioned by film: everything the encoder reads has the frame topics' partition count.
            assertEquals(2, d.get(settings.topics().videos().name()).partitions().size());
            assertEquals(2, d.get(settings.topics().audio().name()).partitions().size());
            assertEquals(2, d.get(settings.topics().deadLetter()).partitions().size());

            ConfigResource videos = new ConfigResource(ConfigResource.Type.TOPIC, settings.topics().videos().name());
            ConfigResource gray = new ConfigResource(ConfigResource.Type.TOPIC,
                    settings.topics().grayFrames().name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(videos, gray)).all()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT,
                    configs.get(videos).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            int maxMessage = Integer.parseInt(configs.get(gray).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            assertTrue(maxMessage > settings.maxRecordBytes(), "topic accepts the largest record: " + maxMessage);
        }
    }
}
