package io.colorstream.stream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says which frame did not fit when the Streams producer refuses a record, then stops the role: a colour
 * frame is never dropped quietly (the encoder would wait for it forever). Other send failures fail as Kafka
 * Streams' default handler does.
 */
public final class OversizeFrameHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OversizeFrameHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            String key = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
            int bytes = (record.key() == null ? 0 : record.key().length)
                    + (record.value() == null ? 0 : record.value().length);
            LOG.error("a record for {} under key {} is {} bytes serialized, more than this role may send ({}); "
                            + "raise the maximum record size (--max-record-bytes) for every role and the topics",
                    record.topic(), key, bytes, exception.getMessage());
        }
        return Response.fail();
    }
}
