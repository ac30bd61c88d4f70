package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** One page of {@code resources/list}. */
public record ListResourcesResult(List<Resource> resources, String nextCursor, @JsonProperty("_meta") ObjectNode meta) {
    public ListResourcesResult {
        resources = List.copyOf(Require.nonNull(resources, "resources"));
    }
}
