package dev.cairn.mcp.schema;

import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The user's answer to an elicitation.
 *
 * @param action  {@code accept}, {@code decline} or {@code cancel}
 * @param content the submitted form values (accept in form mode only)
 */
public record ElicitResult(String action, ObjectNode content) {
    public ElicitResult {
        Objects.requireNonNull(action, "action");
    }

    public static ElicitResult accept(ObjectNode content) {
        return new ElicitResult("accept", content);
    }

    public static ElicitResult decline() {
        return new ElicitResult("decline", null);
    }

    public static ElicitResult cancel() {
        return new ElicitResult("cancel", null);
    }
}
