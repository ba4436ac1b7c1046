package io.colorstream.ingest;

/** Ingest could not publish the film completely: a record too large, or Kafka refused or lost a send. */
public class IngestException extends RuntimeException {
    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
