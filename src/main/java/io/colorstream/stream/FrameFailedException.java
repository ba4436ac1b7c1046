package io.colorstream.stream;

/**
 * The model failed on a frame: carries the frame's record key and value so its dead letter can name its film even
 * when no record is being processed, as when the timer flushes a batch that waited too long (Kafka Streams then
 * hands the error handler no source record).
 */
public final class FrameFailedException extends IllegalStateException {
    private final String key;
    private final transient byte[] value;

    /**
     * @param key   the frame's record key (film and shot)
     * @param value the frame as its gray-frames record holds it
     */
    public FrameFailedException(String key, byte[] value, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public byte[] value() {
        return value;
    }
}
