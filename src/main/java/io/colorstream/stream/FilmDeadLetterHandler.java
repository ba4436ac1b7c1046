package io.colorstream.stream;

import io.colorstream.kafka.DeadLetters;
import io.colorstream.wire.FrameKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorize's handler for a gray-frames record it cannot read (deserialization) or process (too large, the model
 * failing on it): logs it, sends it as it was to the dead-letter topic with the error and its origin in headers
 * ({@link DeadLetters}), and lets the role go on. As Kafka Streams' own LogAndContinue handlers do with a
 * dead-letter topic set, except that the dead letter goes to its film's partition ({@link FilmPartitioner}), where
 * the encoder that has the film reads it.
 */
public final class FilmDeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    /** The dead-letter topic's partition count (set by the colorize role from the topic itself). */
    public static final String PARTITIONS_CONFIG = "colorstream.dead-letter.partitions";
    private static final Logger LOG = LoggerFactory.getLogger(FilmDeadLetterHandler.class);

    private String topic;
    private int partitions = 1;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = t == null || t.toString().isBlank() ? null : t.toString();
        Object p = configs.get(PARTITIONS_CONFIG);
        partitions = p == null ? 1 : Math.max(1, Integer.parseInt(p.toString()));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, exception, "unreadable"));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, exception, "unprocessable"));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext c, Exception e, String what) {
        byte[] key = c.sourceRawKey();
        byte[] value = c.sourceRawValue();
        String sourceTopic = c.topic();
        FrameFailedException frame = frameOf(e);
        if (key == null && frame != null) {
            // No source record (a batch flushed by the timer): the failed frame itself, with no origin to name.
            key = frame.key().getBytes(StandardCharsets.UTF_8);
            value = frame.value();
            sourceTopic = null;
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        io.colorstream.observe.Telemetry.counter(io.colorstream.observe.Telemetry.DEAD_LETTERED, "colorize")
                .increment();
        LOG.error("{} record {} (key {}) goes to {}: {}", what, sourceTopic == null ? "(a buffered frame)"
                : sourceTopic + "-" + c.partition() + "@" + c.offset(), keyText, topic, e.toString());
        if (topic == null) {
            return List.of();
        }
        Integer partition = null;
        if (keyText != null) {
            try {
                partition = FilmPartitioner.partition(FrameKeys.videoIdOf(keyText), partitions);
            } catch (IllegalArgumentException notAFrameKey) {
                // no film to follow: the producer places it
            }
        }
        return List.of(DeadLetters.record(topic, partition, key, value, sourceTopic, c.partition(), c.offset(), e,
                "colorize"));
    }

    private static FrameFailedException frameOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FrameFailedException f) {
                return f;
            }
        }
        return null;
    }
}
