package io.colorstream.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes records that nobody will read again, so a broker that lives for one film holds its backlog rather than
 * the whole film (a 90-minute 1080p film is hundreds of gigabytes of frames). Only for such a broker: on a shared
 * cluster another reader, or a restarted encoder re-reading an unfinished film, may still need them.
 */
public final class RecordPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPurger.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Map<TopicPartition, Long> purged = new HashMap<>();

    public RecordPurger(KafkaSettings settings) {
        this(Admin.create(settings.adminProperties()));
    }

    RecordPurger(Admin admin) {
        this.admin = admin;
    }

    /** The offsets {@code groupId} has committed on {@code topic}'s partitions (the next record it will read). */
    public Map<TopicPartition, Long> committed(String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        all.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    /**
     * Deletes every record before the given offset of each partition, but never a partition's newest record;
     * offsets not beyond the last purge are skipped. The newest record stays because its writer may still be
     * writing: an idempotent producer that sees the log start pass its last acknowledged record takes it that the
     * broker forgot it and starts the partition's sequence again, which the broker, remembering it, refuses
     * (OutOfOrderSequenceException) until the producer's records expire.
     */
    public synchronized void purgeBefore(Map<TopicPartition, Long> offsets) throws InterruptedException {
        Map<TopicPartition, Long> wanted = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset > purged.getOrDefault(tp, 0L)) {
                wanted.put(tp, offset);
            }
        });
        if (wanted.isEmpty()) {
            return;
        }
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            wanted.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            wanted.forEach((tp, offset) -> {
                long before = Math.min(offset, ends.get(tp).offset() - 1);
                if (before > purged.getOrDefault(tp, 0L)) {
                    delete.put(tp, RecordsToDelete.beforeOffset(before));
                }
            });
            if (delete.isEmpty()) {
                return;
            }
            admin.deleteRecords(delete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            delete.forEach((tp, r) -> purged.put(tp, r.beforeOffset()));
        } catch (ExecutionException | TimeoutException e) {
            // Only disk space is at stake: say so and try again next time.
            LOG.warn("could not delete consumed records ({}): {}", wanted.keySet(), e.getMessage());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
