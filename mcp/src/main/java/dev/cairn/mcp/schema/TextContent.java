package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Text for or from a model. */
public record TextContent(String text, Annotations annotations, @JsonProperty("_meta") ObjectNode meta)
        implements ContentBlock {
    public TextContent {
        Require.nonNull(text, "text");
    }
}
