package io.colorstream.encode;

import io.colorstream.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.Consumer;

/** For tests in other packages: an encode service over a consumer of the test's making. */
public final class EncodeServiceAccess {
    private EncodeServiceAccess() {
    }

    public static EncodeService withConsumer(KafkaSettings kafka, EncodeService.Options options,
                                             Consumer<String, byte[]> consumer) {
        return new EncodeService(kafka, options, p -> consumer, deadLetter -> { });
    }
}
