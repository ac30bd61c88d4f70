package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.mcp.jsonrpc.RequestId;
import tools.jackson.databind.node.ObjectNode;

/**
 * Params of {@code notifications/progress}. The progress token has the same shape as a request id (a string
 * or an integer) and is reused as that type; {@code progress} increases with every notification.
 */
public record ProgressParams(RequestId progressToken, double progress, Double total, String message,
                             @JsonProperty("_meta") ObjectNode meta) {
    public ProgressParams {
        Require.nonNull(progressToken, "progressToken");
    }
}
