package dev.cairn.mcp.schema;

import java.util.Objects;

/**
 * The client's answer to {@code sampling/createMessage}.
 *
 * @param model      the model that produced the content
 * @param stopReason {@code endTurn}, {@code stopSequence}, {@code maxTokens} or another, model-specific reason
 */
public record CreateMessageResult(Role role, ContentBlock content, String model, String stopReason) {
    public CreateMessageResult {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
    }

    /** An assistant text answer that ended its turn. */
    public static CreateMessageResult text(String model, String text) {
        return new CreateMessageResult(Role.ASSISTANT, ContentBlock.text(text), model, "endTurn");
    }
}
