package dev.cairn.core;

/**
 * The unchecked base of every error Cairn reports. Each module extends it once
 * ({@code GgufFormatException}, {@code TokenizerException}, ...). Messages are written for the user:
 * they name the file, the value and what to do, so the CLI can print {@link #getMessage()} alone.
 */
public class CairnException extends RuntimeException {
    public CairnException(String message) {
        super(message);
    }

    public CairnException(String message, Throwable cause) {
        super(message, cause);
    }
}
