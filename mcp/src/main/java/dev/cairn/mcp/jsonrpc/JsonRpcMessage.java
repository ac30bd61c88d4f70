package dev.cairn.mcp.jsonrpc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One JSON-RPC 2.0 message as MCP uses it: a request, a notification, a result or an error response.
 * Params and results stay JSON trees here; {@link JsonCodec} converts them to the MCP schema records.
 * Batches do not exist in MCP since 2025-06-18, so a message is always a single JSON object.
 */
public sealed interface JsonRpcMessage {

    /** A request: expects exactly one {@link Response} or {@link ErrorResponse} with the same id. */
    record Request(RequestId id, String method, ObjectNode params) implements JsonRpcMessage {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
        }
    }

    /** A notification: has no id and never gets an answer. */
    record Notification(String method, ObjectNode params) implements JsonRpcMessage {
        public Notification {
            Objects.requireNonNull(method, "method");
        }
    }

    /** The successful answer to a request. */
    record Response(RequestId id, JsonNode result) implements JsonRpcMessage {
        public Response {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The failed answer to a request. The id is null only when the request's id could not be read
     * (a parse error, or an invalid request without a usable id).
     */
    record ErrorResponse(RequestId id, JsonRpcError error) implements JsonRpcMessage {
        public ErrorResponse {
            Objects.requireNonNull(error, "error");
        }
    }
}
