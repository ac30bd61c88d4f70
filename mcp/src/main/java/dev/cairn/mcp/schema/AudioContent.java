package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Audio: base64 {@code data} and its MIME type. */
public record AudioContent(String data, String mimeType, Annotations annotations,
                           @JsonProperty("_meta") ObjectNode meta) implements ContentBlock {
    public AudioContent {
        Require.nonNull(data, "data");
        Require.nonNull(mimeType, "mimeType");
    }
}
