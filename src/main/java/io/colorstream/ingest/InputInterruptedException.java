package io.colorstream.ingest;

/**
 * The input broke after some frames were published (a stream that dropped, a film that changed size). Ingest has
 * published the totals of what it did send, marked as interrupted, so the encoder finishes those frames as a
 * partial film: the work up to the break is kept, and this error still says the film is not whole.
 */
public final class InputInterruptedException extends FilmInputException {
    private final long framesPublished;

    public InputInterruptedException(String message, long framesPublished, Throwable cause) {
        super(message, cause);
        this.framesPublished = framesPublished;
    }

    /** The frames before the break, all acknowledged by Kafka and announced in the interrupted totals. */
    public long framesPublished() {
        return framesPublished;
    }
}
