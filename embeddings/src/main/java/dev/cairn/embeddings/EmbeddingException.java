package dev.cairn.embeddings;

import dev.cairn.core.CairnException;

/**
 * An embedding model that cannot be loaded or run, or input it cannot embed. The message names the file or the
 * input and the problem, so it can be shown to a user as is.
 */
public final class EmbeddingException extends CairnException {
    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
