package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code notifications/message}: a log entry from the server; {@code data} is any JSON value. */
public record LoggingMessageParams(LoggingLevel level, String logger, JsonNode data,
                                   @JsonProperty("_meta") ObjectNode meta) {
    public LoggingMessageParams {
        Require.nonNull(level, "level");
        Require.nonNull(data, "data");
    }
}
