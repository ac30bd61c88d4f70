package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** A resource the server can read, as listed by {@code resources/list}. {@code size} is in bytes, before base64. */
public record Resource(String uri, String name, String title, String description, String mimeType,
                       Annotations annotations, Long size, List<Icon> icons, @JsonProperty("_meta") ObjectNode meta) {
    public Resource {
        Require.nonNull(uri, "uri");
        Require.nonNull(name, "name");
        icons = icons == null ? null : List.copyOf(icons);
    }

    public Resource(String uri, String name, String description, String mimeType) {
        this(uri, name, null, description, mimeType, null, null, null, null);
    }
}
