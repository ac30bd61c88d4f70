package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** A link to a resource the client may read; it need not appear in {@code resources/list}. */
public record ResourceLink(String uri, String name, String title, String description, String mimeType,
                           Annotations annotations, Long size, List<Icon> icons,
                           @JsonProperty("_meta") ObjectNode meta) implements ContentBlock {
    public ResourceLink {
        Require.nonNull(uri, "uri");
        Require.nonNull(name, "name");
        icons = icons == null ? null : List.copyOf(icons);
    }
}
