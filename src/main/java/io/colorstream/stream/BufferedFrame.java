package io.colorstream.stream;

import io.colorstream.wire.GrayFrame;

/**
 * A gray frame waiting in the colorize processor for the rest of its model batch, as kept in the changelogged
 * buffer store: if the instance dies after Kafka committed the frame's offset but before its colour was sent, the
 * restarted task finds it there and colours it.
 *
 * @param key       the frame's record key (film and shot)
 * @param timestamp the record's timestamp (when ingest sent it), kept for the colour record and the live rule
 * @param live      whether it came from a live feed (the record's header)
 */
record BufferedFrame(String key, GrayFrame frame, long timestamp, boolean live) {
}
