package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** A family of resources named by an RFC 6570 URI template. */
public record ResourceTemplate(String uriTemplate, String name, String title, String description, String mimeType,
                               Annotations annotations, List<Icon> icons, @JsonProperty("_meta") ObjectNode meta) {
    public ResourceTemplate {
        Require.nonNull(uriTemplate, "uriTemplate");
        Require.nonNull(name, "name");
        icons = icons == null ? null : List.copyOf(icons);
    }

    public ResourceTemplate(String uriTemplate, String name, String description, String mimeType) {
        this(uriTemplate, name, null, description, mimeType, null, null, null);
    }
}
