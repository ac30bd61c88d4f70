package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code logging/setLevel}: send log notifications at this level and above. */
public record SetLevelParams(LoggingLevel level, @JsonProperty("_meta") ObjectNode meta) {
    public SetLevelParams {
        Require.nonNull(level, "level");
    }
}
