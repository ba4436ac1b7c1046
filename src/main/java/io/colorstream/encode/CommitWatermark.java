package io.colorstream.encode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets the encoder may commit: per partition, up to the first record of any film still in progress (an
 * unfinished film's work is useless after a crash, so all its records must be read again), else past everything
 * taken in. Not thread-safe except {@link #consumedPositions()}: the poll thread owns it.
 */
final class CommitWatermark {
    /** Written by the poll thread; read by {@link #consumedPositions()} from any thread. */
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<String, Map<TopicPartition, Long>> firstOffsets = new HashMap<>();

    /** A record at {@code offset} of {@code tp} was taken in (encoded, buffered or passed over). */
    void taken(TopicPartition tp, long offset) {
        consumed.put(tp, offset + 1);
    }

    /** A record of {@code videoId} at {@code offset}: the film holds the watermark of {@code tp} there at most. */
    void holds(String videoId, TopicPartition tp, long offset) {
        firstOffsets.computeIfAbsent(videoId, id -> new HashMap<>()).putIfAbsent(tp, offset);
    }

    /** The film is done (finished, failed, or moved away): it holds nothing back any more. */
    void release(String videoId) {
        firstOffsets.remove(videoId);
    }

    /** What may be committed now on the {@code assigned} partitions, beyond what was committed before. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Set<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : consumed.entrySet()) {
            TopicPartition tp = e.getKey();
            if (!assigned.contains(tp)) {
                continue;
            }
            long safe = e.getValue();
            for (Map<TopicPartition, Long> first : firstOffsets.values()) {
                Long f = first.get(tp);
                if (f != null && f < safe) {
                    safe = f;
                }
            }
            Long before = committed.get(tp);
            if (before == null || safe > before) {
                commit.put(tp, new OffsetAndMetadata(safe));
            }
        }
        return commit;
    }

    /** The cluster has these offsets now. */
    void committed(Map<TopicPartition, OffsetAndMetadata> commit) {
        commit.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    /** Per partition, the offset after the last record taken in. */
    Map<TopicPartition, Long> consumedPositions() {
        return Map.copyOf(consumed);
    }
}
