package dev.cairn.agents;

import dev.cairn.core.CairnException;

/** A failure of an agent or agent-facing server that the user can act on; the message says what to do. */
public class AgentException extends CairnException {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
