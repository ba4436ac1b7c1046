package io.colorstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Streams application's changelogs are created with the flow's topics, only beside new frame topics. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopicCreatorTest {

    @Test
    void changelogsComeWithNewFrameTopicsCompactedOnTheirPartitions() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            KafkaSettings fresh = KafkaSettings.of(broker.bootstrapServers()).withPartitions(3);
            List<String> created = TopicCreator.createMissing(fresh, List.of("app-store-changelog"));

            assertTrue(created.contains("app-store-changelog"), "created: " + created);
            assertEquals(3, admin.describeTopics(List.of("app-store-changelog")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("app-store-changelog").partitions().size(),
                    "a changelog has its input's partitions, one per task");
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "app-store-changelog");
            Config c = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(Integer.toString(fresh.requestBytes()), c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());

            // Frame topics that exist already may have another partition count than these settings say: their
            // changelogs are left to Kafka Streams, which reads the count from the cluster.
            KafkaSettings older = fresh.withTopicPrefix("older.");
            TopicCreator.createMissing(older);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("older.frames.gray")) {
                assertTrue(System.nanoTime() < deadline, "the broker lists the topics it created");
                Thread.sleep(20); // a new topic reaches the broker's metadata a moment after it is created
            }
            List<String> later = TopicCreator.createMissing(older.withPartitions(5), List.of("other-changelog"));
            assertEquals(List.of(), later);
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("other-changelog"));
        }
    }
}
