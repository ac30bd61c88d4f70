package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** The contents of a resource (one or more, e.g. a directory's files). */
public record ReadResourceResult(List<ResourceContents> contents, @JsonProperty("_meta") ObjectNode meta) {
    public ReadResourceResult {
        contents = List.copyOf(Require.nonNull(contents, "contents"));
    }

    public static ReadResourceResult of(ResourceContents... contents) {
        return new ReadResourceResult(List.of(contents), null);
    }
}
