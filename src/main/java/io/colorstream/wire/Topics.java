package io.colorstream.wire;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the flow, named from one prefix. Immutable: build one from configuration and pass it on.
 *
 * @param videos      compacted; key videoId → {@link VideoFacts}
 * @param audio       key videoId → {@link AudioChunk}
 * @param grayFrames  key videoId/shot → {@link GrayRecord} (frames, then the shot's end marker)
 * @param colorFrames key videoId/shot → {@link ColorRecord}
 * @param deadLetter  records no role could read or process, as they were (raw key and value), with the error,
 *                    the source topic, partition and offset in headers ({@code io.colorstream.kafka.DeadLetters})
 */
public record Topics(Topic<String, VideoFacts> videos, Topic<String, AudioChunk> audio,
                     Topic<String, GrayRecord> grayFrames, Topic<String, ColorRecord> colorFrames,
                     String deadLetter) {

    public static final String DEFAULT_PREFIX = "colorstream.";

    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "videos", Serdes.String(), CborSerde.of(VideoFacts.class)),
                new Topic<>(prefix + "audio", Serdes.String(), CborSerde.of(AudioChunk.class)),
                new Topic<>(prefix + "frames.gray", Serdes.String(), CborSerde.of(GrayRecord.class)),
                new Topic<>(prefix + "frames.color", Serdes.String(), CborSerde.of(ColorRecord.class)),
                prefix + "dead-letter");
    }

    public List<String> names() {
        return List.of(videos.name(), audio.name(), grayFrames.name(), colorFrames.name(), deadLetter);
    }
}
