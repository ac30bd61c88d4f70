package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code resources/read} (and of subscribe/unsubscribe): a resource URI. */
public record ReadResourceParams(String uri, @JsonProperty("_meta") ObjectNode meta) {
    public ReadResourceParams {
        Require.nonNull(uri, "uri");
    }
}
