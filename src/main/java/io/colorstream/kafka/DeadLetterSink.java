package io.colorstream.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a plain consumer's dead letters go; {@link #kafka} sends them to the cluster, tests keep them. */
public interface DeadLetterSink extends AutoCloseable {

    /** Sends the dead letter and waits for the cluster to have it, so it is not lost if the process dies next. */
    void send(ProducerRecord<byte[], byte[]> deadLetter);

    @Override
    default void close() {
    }

    /** A sink with its own producer, made at the first dead letter (most runs never have one). */
    static DeadLetterSink kafka(Properties producerProperties) {
        return new DeadLetterSink() {
            private final Logger log = LoggerFactory.getLogger(DeadLetterSink.class);
            private Producer<byte[], byte[]> producer;

            @Override
            public synchronized void send(ProducerRecord<byte[], byte[]> deadLetter) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(),
                            new ByteArraySerializer());
                }
                try {
                    producer.send(deadLetter).get();
                } catch (Exception e) {
                    // The film still fails and says why; only the copy of the bad record is missing.
                    log.error("could not write a dead letter to {}: {}", deadLetter.topic(), e.toString());
                }
            }

            @Override
            public synchronized void close() {
                if (producer != null) {
                    producer.close();
                }
            }
        };
    }
}
