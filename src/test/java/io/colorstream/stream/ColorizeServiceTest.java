package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.testing.ScriptedColorizer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** The role's wiring that needs no broker: configuration, state before start, and failures put in words. */
class ColorizeServiceTest {
    private static ColorizeService service(KafkaSettings settings) {
        return new ColorizeService(settings, ScriptedColorizer.constant(4, 2, 0f, 0f), SmoothingSettings.DEFAULT,
                ColorizeService.DEFAULT_APPLICATION_ID);
    }

    @Test
    void anOversizeFrameIsExplainedWithWhatToChange() {
        // As Kafka Streams reports it: the producer's refusal wrapped in a StreamsException.
        Throwable failure = new StreamsException("Error encountered sending record to topic colorstream.frames.color",
                new RecordTooLargeException("The message is 20000000 bytes when serialized which is larger than"
                        + " 16842752, which is the value of the max.request.size configuration."));
        String explained = ColorizeService.explain(failure);
        assertTrue(explained.contains("larger than the maximum record size"), explained);
        assertTrue(explained.contains("20000000 bytes"), explained);
        assertTrue(explained.contains("--max-record-bytes"), explained);
    }

    @Test
    void otherFailuresNameTheirRootCause() {
        Throwable failure = new StreamsException("Exception caught in process",
                new IllegalStateException("the colorizer returned 3 floats"));
        assertEquals("IllegalStateException: the colorizer returned 3 floats", ColorizeService.explain(failure));
    }

    @Test
    void oversizeRecordsFailTheRoleRatherThanBeingDropped() {
        var handler = new OversizeFrameHandler();
        var record = new ProducerRecord<>("colorstream.frames.color", "film/0".getBytes(StandardCharsets.UTF_8),
                new byte[10]);
        assertEquals(ProductionExceptionHandler.Result.FAIL,
                handler.handleError(null, record, new RecordTooLargeException("too large")).result());
    }

    @Test
    void theStreamsConfigurationReportsOversizeFramesUnlessOverridden() {
        assertEquals(OversizeFrameHandler.class.getName(), service(KafkaSettings.of("localhost:9092"))
                .streamsProperties().get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        KafkaSettings custom = new KafkaSettings("localhost:9092", "x.", KafkaSettings.DEFAULT_MAX_RECORD_BYTES, 1,
                (short) 1, Map.of(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "com.example.Mine"));
        assertEquals("com.example.Mine",
                service(custom).streamsProperties().get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
    }

    @Test
    void beforeStartNothingRunsAndStopIsHarmless() {
        ColorizeService service = service(KafkaSettings.of("localhost:9092"));
        assertEquals(KafkaStreams.State.CREATED, service.state());
        assertEquals(0L, service.framesColorized());
        assertTrue(service.failure().isEmpty());
        service.stop();
        service.close();
    }

    @Test
    void anApplicationIdIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new ColorizeService(KafkaSettings.of("localhost:9092"),
                ScriptedColorizer.constant(4, 2, 0f, 0f), SmoothingSettings.DEFAULT, " "));
    }
}
