package io.colorstream.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record: a record no role could read or process, its raw key and value as they were, and in
 * headers the error and where the record came from. The header names are Kafka Streams' own (KIP-1034), so the
 * dead letters of the colorize topology (written by Kafka Streams) and of the plain consumers (written here)
 * read the same way. Each record's key stays the original one ({@code videoId/shot} or {@code videoId}): a reader
 * can tell which film a dead letter belongs to, and the encoder fails that film.
 */
public final class DeadLetters {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Which colorstream role gave up on the record (not set by Kafka Streams, which is the colorize role). */
    public static final String ROLE = "colorstream.role";

    private DeadLetters() {
    }

    /** A dead letter for the record at {@code topic}-{@code partition}@{@code offset} that failed with {@code error}. */
    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, byte[] key, byte[] value, String topic,
                                                        int partition, long offset, Throwable error, String role) {
        return record(deadLetterTopic, null, key, value, topic, partition, offset, error, role);
    }

    /** As above, onto {@code deadLetterPartition} (its film's), or where the producer puts it when null. */
    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, Integer deadLetterPartition, byte[] key,
                                                        byte[] value, String topic, int partition, long offset,
                                                        Throwable error, String role) {
        Headers h = new RecordHeaders();
        h.add(EXCEPTION, utf8(error.getClass().getName()));
        h.add(MESSAGE, utf8(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        h.add(STACKTRACE, utf8(trace.toString()));
        if (topic != null) { // null: no source record (a frame failed outside one, e.g. in a timed flush)
            h.add(TOPIC, utf8(topic));
            h.add(PARTITION, utf8(Integer.toString(partition)));
            h.add(OFFSET, utf8(Long.toString(offset)));
        }
        h.add(ROLE, utf8(role));
        return new ProducerRecord<>(deadLetterTopic, deadLetterPartition, null, key, value, h);
    }

    /** A header's text, or null when it is not there. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The dead letter in words: what failed where, e.g. "SerializationException: … (colorstream.frames.gray-2@17)". */
    public static String describe(Headers headers) {
        String exception = header(headers, EXCEPTION);
        String simple = exception == null ? "an error" : exception.substring(exception.lastIndexOf('.') + 1);
        String message = header(headers, MESSAGE);
        String topic = header(headers, TOPIC);
        return simple + (message == null || message.equals("null") ? "" : ": " + message) + (topic == null ? ""
                : " (record " + topic + "-" + header(headers, PARTITION) + "@" + header(headers, OFFSET) + ")");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
