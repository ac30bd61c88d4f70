package dev.cairn.mcp.jsonrpc;

import tools.jackson.databind.JsonNode;

/**
 * The {@code error} member of a JSON-RPC error response: a code, a one-sentence message and optional data.
 * The standard codes are constants here; MCP adds {@link #RESOURCE_NOT_FOUND} and
 * {@link #URL_ELICITATION_REQUIRED} in the implementation-defined range.
 */
public record JsonRpcError(int code, String message, JsonNode data) {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP: {@code resources/read} of a URI the server does not know. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2025-11-25: the request needs a URL-mode elicitation first. */
    public static final int URL_ELICITATION_REQUIRED = -32042;

    public JsonRpcError {
        message = message == null ? "" : message;
    }

    public JsonRpcError(int code, String message) {
        this(code, message, null);
    }
}
