package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** An image: base64 {@code data} and its MIME type. */
public record ImageContent(String data, String mimeType, Annotations annotations,
                           @JsonProperty("_meta") ObjectNode meta) implements ContentBlock {
    public ImageContent {
        Require.nonNull(data, "data");
        Require.nonNull(mimeType, "mimeType");
    }
}
