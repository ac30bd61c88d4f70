package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** A resource's contents as text. */
public record TextResourceContents(String uri, String mimeType, String text, @JsonProperty("_meta") ObjectNode meta)
        implements ResourceContents {
    public TextResourceContents {
        Require.nonNull(uri, "uri");
        Require.nonNull(text, "text");
    }

    public TextResourceContents(String uri, String mimeType, String text) {
        this(uri, mimeType, text, null);
    }
}
