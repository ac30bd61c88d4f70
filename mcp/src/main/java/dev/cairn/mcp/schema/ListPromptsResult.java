package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** One page of {@code prompts/list}. */
public record ListPromptsResult(List<Prompt> prompts, String nextCursor, @JsonProperty("_meta") ObjectNode meta) {
    public ListPromptsResult {
        prompts = List.copyOf(Require.nonNull(prompts, "prompts"));
    }
}
