package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** A prompt with its arguments filled in. */
public record GetPromptResult(String description, List<PromptMessage> messages, @JsonProperty("_meta") ObjectNode meta) {
    public GetPromptResult {
        messages = List.copyOf(Require.nonNull(messages, "messages"));
    }

    public static GetPromptResult of(String description, PromptMessage... messages) {
        return new GetPromptResult(description, List.of(messages), null);
    }
}
