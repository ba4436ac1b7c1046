package io.colorstream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Streams settings as Kafka Streams itself resolves them for each of its clients. */
class KafkaSettingsTest {

    @Test
    void onlyTheRestoreConsumerWaitsBrieflyForAnEmptyFetch() {
        StreamsConfig config = new StreamsConfig(KafkaSettings.of("127.0.0.1:9092").streamsProperties("app"));

        Map<String, Object> restore = config.getRestoreConsumerConfigs("client");
        assertEquals(Integer.toString(KafkaSettings.RESTORE_FETCH_WAIT_MS),
                String.valueOf(restore.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)),
                "a restore fetch holds back the restore consumer's next request for as long as it may wait");
        Map<String, Object> main = config.getMainConsumerConfigs("group", "client", 0);
        assertEquals(null, main.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "the frames' consumer keeps Kafka's");
        assertEquals(KafkaSettings.STREAM_READ_AHEAD,
                Integer.parseInt(String.valueOf(main.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG))));
        assertEquals(KafkaSettings.STREAM_POLL_MS, config.getLong(StreamsConfig.POLL_MS_CONFIG),
                "an idle stream thread looks at its tasks again soon (a restored task, a batch to flush)");
    }
}
