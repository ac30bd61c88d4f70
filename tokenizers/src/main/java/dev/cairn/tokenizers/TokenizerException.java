package dev.cairn.tokenizers;

import dev.cairn.core.CairnException;

/** A tokenizer file that cannot be read or used; the message names the file and the problem. */
public final class TokenizerException extends CairnException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
