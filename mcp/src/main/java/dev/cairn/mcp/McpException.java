package dev.cairn.mcp;

import dev.cairn.core.CairnException;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import tools.jackson.databind.JsonNode;

/**
 * An MCP failure: a JSON-RPC error from the peer (the client sees the server's code and message), a request
 * that timed out, a closed connection, or a handler that wants to answer with a specific JSON-RPC error
 * (thrown from a resource or prompt handler, it becomes that error response).
 */
public class McpException extends CairnException {
    private final int code;
    private final transient JsonNode data;

    public McpException(int code, String message) {
        this(code, message, null, null);
    }

    public McpException(int code, String message, JsonNode data, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.data = data;
    }

    public McpException(String message, Throwable cause) {
        this(JsonRpcError.INTERNAL_ERROR, message, null, cause);
    }

    static McpException of(JsonRpcError error) {
        return new McpException(error.code(), error.message(), error.data(), null);
    }

    /** The JSON-RPC error code ({@link JsonRpcError#INTERNAL_ERROR} for local failures such as timeouts). */
    public int code() {
        return code;
    }

    /** The error's {@code data} member, or null. */
    public JsonNode data() {
        return data;
    }

    public static McpException invalidParams(String message) {
        return new McpException(JsonRpcError.INVALID_PARAMS, message);
    }

    public static McpException resourceNotFound(String uri) {
        return new McpException(JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
    }
}
