package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code tools/call}: the tool's name and its arguments object. */
public record CallToolParams(String name, ObjectNode arguments, @JsonProperty("_meta") ObjectNode meta) {
    public CallToolParams {
        Require.nonNull(name, "name");
    }
}
