package io.colorstream.kafka;

/**
 * A role (ingest, colorize, encode): started once, stopped once. {@code run} starts all three against one broker.
 */
public interface Service extends AutoCloseable {
    void start();

    /** Stops and releases everything; safe to call more than once. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
