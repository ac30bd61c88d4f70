package dev.cairn.llm;

import dev.cairn.core.CairnException;

/** A model the runtime cannot load or run: an unsupported architecture or tensor type, inconsistent shapes. */
public final class LlmException extends CairnException {
    public LlmException(String message) {
        super(message);
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
