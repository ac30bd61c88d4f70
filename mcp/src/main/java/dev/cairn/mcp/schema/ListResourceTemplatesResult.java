package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** One page of {@code resources/templates/list}. */
public record ListResourceTemplatesResult(List<ResourceTemplate> resourceTemplates, String nextCursor,
                                          @JsonProperty("_meta") ObjectNode meta) {
    public ListResourceTemplatesResult {
        resourceTemplates = List.copyOf(Require.nonNull(resourceTemplates, "resourceTemplates"));
    }
}
