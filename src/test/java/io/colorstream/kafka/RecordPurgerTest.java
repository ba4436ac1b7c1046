package io.colorstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Purging what was consumed deletes it, but never a partition's newest record (its writer may still be writing,
 * and an idempotent producer that sees the log start pass its last acknowledged record restarts its sequence, which
 * the broker refuses); and the producer goes on writing after a purge. Against a real embedded broker.
 */
class RecordPurgerTest {

    @Test
    void consumedRecordsGoButThePartitionsNewestRecordStays() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            TopicPartition tp = new TopicPartition("frames", 0);
            try (Admin admin = Admin.create(settings.adminProperties());
                 RecordPurger purger = new RecordPurger(settings);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.producerProperties("ingest"),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                admin.createTopics(List.of(new NewTopic("frames", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("frames", 0, null, new byte[] {(byte) i}))
                            .get(15, TimeUnit.SECONDS);
                }

                purger.purgeBefore(Map.of(tp, 3L)); // read up to offset 3: records 0–2 go
                assertEquals(3, earliest(admin, tp));
                purger.purgeBefore(Map.of(tp, 5L)); // all read: all go but the newest
                assertEquals(4, earliest(admin, tp));

                assertEquals(5, producer.send(new ProducerRecord<>("frames", 0, null, new byte[] {5}))
                        .get(15, TimeUnit.SECONDS).offset(), "the producer goes on where it was");
                purger.purgeBefore(Map.of(tp, 6L));
                assertEquals(5, earliest(admin, tp));
            }
        }
    }

    private static long earliest(Admin admin, TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
    }
}
