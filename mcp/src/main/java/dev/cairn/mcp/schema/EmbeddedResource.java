package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** The contents of a resource, embedded in a tool result or prompt message. */
public record EmbeddedResource(ResourceContents resource, Annotations annotations,
                               @JsonProperty("_meta") ObjectNode meta) implements ContentBlock {
    public EmbeddedResource {
        Require.nonNull(resource, "resource");
    }
}
