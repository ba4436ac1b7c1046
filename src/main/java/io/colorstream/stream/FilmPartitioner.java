package io.colorstream.stream;

import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.FrameKeys;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every record the encoder reads of one film on the same partition number of each topic: the partition the
 * producer's default partitioner gives the key {@code videoId} (as the videos and audio topics are keyed). Colour
 * frames, keyed {@code videoId/shot}, go there too, and so do dead letters. With the topics co-partitioned (the
 * same partition count) and the encoders' range assignment, one encode instance receives all of a film: several
 * instances in one group share the films, each written once.
 */
public final class FilmPartitioner implements StreamPartitioner<String, ColorRecord> {

    /** The partition of {@code videoId} among {@code partitions}, as Kafka's default partitioner places its key. */
    public static int partition(String videoId, int partitions) {
        return Utils.toPositive(Utils.murmur2(videoId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, ColorRecord value, int numPartitions) {
        String videoId = value != null ? value.videoId() : FrameKeys.videoIdOf(key);
        return Optional.of(Set.of(partition(videoId, numPartitions)));
    }
}
