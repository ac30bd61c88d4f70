package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Params of every list request ({@code tools/list}, {@code resources/list}, ...): the opaque cursor from the previous page's {@code nextCursor}, if any. */
public record PaginatedParams(String cursor, @JsonProperty("_meta") ObjectNode meta) {
    public static PaginatedParams first() {
        return new PaginatedParams(null, null);
    }
}
