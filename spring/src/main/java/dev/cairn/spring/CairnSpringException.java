package dev.cairn.spring;

import dev.cairn.core.CairnException;

/** A Cairn bean the starter creates cannot be made or used as configured; the message names the property. */
public class CairnSpringException extends CairnException {
    public CairnSpringException(String message) {
        super(message);
    }

    public CairnSpringException(String message, Throwable cause) {
        super(message, cause);
    }
}
