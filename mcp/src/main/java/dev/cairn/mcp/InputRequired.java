package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcError;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Thrown inside a handler of a stateless (2026-07-28) request that needs input the client has not given
 * yet; the request then ends with an {@code input_required} result asking for {@code missing}, and the
 * signed {@code requestState} carries the {@code answered} inputs to the client's retry.
 */
final class InputRequired extends McpException {
    private final transient Map<String, RequestContext.InputRequest> missing;
    private final transient Map<String, JsonNode> answered;

    InputRequired(Map<String, RequestContext.InputRequest> missing, Map<String, JsonNode> answered) {
        super(JsonRpcError.INTERNAL_ERROR, "input required: " + missing.keySet());
        this.missing = Map.copyOf(missing);
        this.answered = Map.copyOf(answered);
    }

    Map<String, RequestContext.InputRequest> missing() {
        return missing;
    }

    Map<String, JsonNode> answered() {
        return answered;
    }
}
