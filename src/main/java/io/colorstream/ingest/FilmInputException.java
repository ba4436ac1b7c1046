package io.colorstream.ingest;

/** A film that cannot be read: missing, not a video, no video stream, or broken while decoding. */
public class FilmInputException extends RuntimeException {
    public FilmInputException(String message) {
        super(message);
    }

    public FilmInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
