package io.colorstream.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for wire records: CBOR (binary JSON, via Jackson) inside a {@link WireEnvelope} carrying the version.
 * Pixel arrays travel as CBOR byte strings, so there is no base64 or per-pixel overhead.
 */
public final class CborSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer minor fields are ignored
            .build();

    private final Class<T> type;
    private final JavaType envelopeType;

    public CborSerde(Class<T> type) {
        this.type = type;
        this.envelopeType = MAPPER.getTypeFactory().constructParametricType(WireEnvelope.class, type);
    }

    public static <T> CborSerde<T> of(Class<T> type) {
        return new CborSerde<>(type);
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writerFor(envelopeType).writeValueAsBytes(new WireEnvelope<>(WireEnvelope.VERSION, value));
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        WireEnvelope<T> envelope;
        try {
            envelope = MAPPER.readValue(bytes, envelopeType);
        } catch (IOException e) {
            throw new SerializationException("not a colorstream " + type.getSimpleName() + " record ("
                    + bytes.length + " bytes): " + e.getMessage(), e);
        }
        if (envelope.v() != WireEnvelope.VERSION) {
            throw new SerializationException("wire format version " + envelope.v() + " of a "
                    + type.getSimpleName() + " record is not supported by this build (it reads version "
                    + WireEnvelope.VERSION + ")");
        }
        return envelope.body();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> toBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> fromBytes(data);
    }
}
