package io.colorstream.wire;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name with the serdes of its keys and values: the one place a producer or consumer learns both. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
