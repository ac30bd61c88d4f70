package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.mcp.jsonrpc.RequestId;
import tools.jackson.databind.node.ObjectNode;

/** Params of {@code notifications/cancelled}: the id of a request previously sent in the same direction. */
public record CancelledParams(RequestId requestId, String reason, @JsonProperty("_meta") ObjectNode meta) {
}
