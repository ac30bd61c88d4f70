package dev.cairn.agents;

import java.util.List;
import java.util.Objects;

/**
 * A model's turn and its cost. {@code problems} lists tool calls the model began but wrote wrongly (bad JSON, an
 * unknown format), so the agent can tell the model rather than drop them.
 */
public record ChatResponse(ChatMessage.Assistant message, TokenUsage usage, List<String> problems) {
    public ChatResponse {
        Objects.requireNonNull(message, "message");
        usage = usage == null ? TokenUsage.NONE : usage;
        problems = List.copyOf(problems);
    }

    public ChatResponse(ChatMessage.Assistant message, TokenUsage usage) {
        this(message, usage, List.of());
    }
}
