package io.colorstream.stream;

import java.nio.charset.StandardCharsets;
import io.colorstream.kafka.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the Streams producer refuses a colour frame as too large: says which frame did not fit, and sends the gray
 * record it was made from to the dead-letter topic (with the error in its headers), so the encoder fails that
 * film and every other film goes on; the role keeps running. Other send failures fail as Kafka Streams' default
 * handler does.
 */
public final class OversizeFrameHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OversizeFrameHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        String key = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
        int bytes = (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length);
        LOG.error("a record for {} under key {} is {} bytes serialized, more than this role may send ({}); "
                        + "raise the maximum record size (--max-record-bytes) for every role and the topics",
                record.topic(), key, bytes, exception.getMessage());
        if (deadLetterTopic == null) {
            return Response.fail(); // nowhere to say so: stopping is the only way not to lose the frame quietly
        }
        io.colorstream.observe.Telemetry.counter(io.colorstream.observe.Telemetry.DEAD_LETTERED, "colorize")
                .increment();
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, context.sourceRawKey(),
                context.sourceRawValue(), context.topic(), context.partition(), context.offset(), exception,
                "colorize")));
    }
}
