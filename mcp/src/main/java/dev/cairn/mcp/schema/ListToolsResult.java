package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** One page of {@code tools/list}. */
public record ListToolsResult(List<Tool> tools, String nextCursor, @JsonProperty("_meta") ObjectNode meta) {
    public ListToolsResult {
        tools = List.copyOf(Require.nonNull(tools, "tools"));
    }
}
