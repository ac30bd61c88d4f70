package dev.cairn.gguf;

import dev.cairn.core.CairnException;

/** A GGUF file that cannot be read as asked: malformed, truncated, or missing a metadata key or tensor. */
public final class GgufFormatException extends CairnException {
    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
