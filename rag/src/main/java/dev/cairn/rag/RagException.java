package dev.cairn.rag;

import dev.cairn.core.CairnException;

/** An error of ingestion, indexing or retrieval; the message names the file or index and the problem. */
public class RagException extends CairnException {
    public RagException(String message) {
        super(message);
    }

    public RagException(String message, Throwable cause) {
        super(message, cause);
    }
}
