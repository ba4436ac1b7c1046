package io.colorstream.kafka;

import io.colorstream.wire.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the flow's topics if they are missing, with the record-size limits from {@link KafkaSettings}:
 * {@code videos} compacted on one partition (a handful of small facts), {@code audio} on one partition (the
 * encoder reads it in order), and the frame topics on {@link KafkaSettings#partitions()} partitions. Topics that
 * already exist are left as they are, so every role can call this at start.
 */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final long RETRY_MILLIS = 20;

    private TopicCreator() {
    }

    /** The topics this flow needs, with partitions, replication and configs from the settings. */
    public static List<NewTopic> plan(KafkaSettings settings) {
        Topics topics = settings.topics();
        short rf = settings.replicationFactor();
        Map<String, String> compacted = settings.topicConfig(true);
        Map<String, String> plain = settings.topicConfig(false);
        return List.of(
                // Everything the encoder reads has the same partition count and is partitioned by film
                // (FilmPartitioner), so several encode instances in one group each get whole films.
                new NewTopic(topics.videos().name(), settings.partitions(), rf).configs(compacted),
                new NewTopic(topics.audio().name(), settings.partitions(), rf).configs(plain),
                new NewTopic(topics.grayFrames().name(), settings.partitions(), rf).configs(plain),
                new NewTopic(topics.colorFrames().name(), settings.partitions(), rf).configs(plain),
                new NewTopic(topics.deadLetter(), settings.partitions(), rf).configs(plain));
    }

    /** The partition count of {@code topic} on the cluster, or empty when it cannot be told. */
    public static java.util.Optional<Integer> partitionCount(KafkaSettings settings, String topic) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            return java.util.Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).get(topic).partitions().size());
        } catch (Exception e) {
            LOG.warn("cannot tell how many partitions {} has: {}", topic, e.toString());
            return java.util.Optional.empty();
        }
    }

    /**
     * Creates whichever of the flow's topics do not exist yet and waits until the cluster has them and leads
     * every new partition.
     *
     * @return the names of the topics created now (empty when all existed)
     * @throws IllegalStateException naming the topic and the cluster's reason when creation fails
     */
    public static List<String> createMissing(KafkaSettings settings) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            return createMissing(admin, settings);
        }
    }

    /** As {@link #createMissing(KafkaSettings)}, with a caller's admin client. */
    public static List<String> createMissing(Admin admin, KafkaSettings settings) {
        Set<String> existing = await(admin.listTopics().names(), "listing topics on " + settings.bootstrapServers());
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic t : plan(settings)) {
            if (!existing.contains(t.name())) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (NewTopic t : missing) {
            try {
                await(results.get(t.name()), "creating topic " + t.name());
                created.add(t.name());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another role created it between our listing and our request: that is the outcome we wanted.
            }
        }
        awaitLeaders(admin, missing);
        LOG.info("created topics {}", created);
        return created;
    }

    /**
     * Waits until the broker leads every partition of the topics just created (by this call or, a moment before, by
     * another role). A new partition is in the cluster's
     * metadata a moment before its broker acts as its leader; a producer that sends in that moment gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent one's retry can then be refused as out of sequence until the batch
     * expires (seen as a two-minute stall at the start of a run). Listing a partition's offsets is answered only by
     * its leader, and the admin client retries it until it is, so once it succeeds every partition is ready.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic t : created) {
            for (int p = 0; p < t.numPartitions(); p++) {
                partitions.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        // A topic a moment old may not be in the metadata the admin client fetches yet ("could not be found"), an
        // error it does not retry by itself: asked again until it is, within the same time limit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("waiting for the leaders of the new topics failed: "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("waiting for the leaders of the new topics timed out after "
                        + TIMEOUT_SECONDS + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("waiting for the leaders of the new topics was interrupted", e);
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("waiting for the leaders of the new topics was interrupted", e);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }
}
