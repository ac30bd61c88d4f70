package dev.cairn.llm.tools;

import java.util.List;

/**
 * A model's reply split into prose and tool calls. {@code problems} names each tool call that was begun but could
 * not be read (bad JSON, no name), so the caller can tell the model instead of silently dropping it.
 */
public record ParsedReply(String content, List<ModelToolCall> toolCalls, List<String> problems) {
    public ParsedReply {
        toolCalls = List.copyOf(toolCalls);
        problems = List.copyOf(problems);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
