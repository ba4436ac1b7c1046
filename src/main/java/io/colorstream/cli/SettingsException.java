package io.colorstream.cli;

/** The command line, a {@code --config} file or the environment asks for something impossible; the message says what. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
