package dev.cairn.mcp.jsonrpc;

import dev.cairn.core.CairnException;

/**
 * Input that is not an acceptable JSON-RPC message. Carries the JSON-RPC error to answer with and, when it
 * could be read, the id of the offending request so the error response can be correlated.
 */
public final class JsonRpcException extends CairnException {
    private final transient JsonRpcError error;
    private final transient RequestId id;

    public JsonRpcException(int code, String message, RequestId id) {
        super(message);
        this.error = new JsonRpcError(code, message);
        this.id = id;
    }

    public JsonRpcError error() {
        return error;
    }

    /** The id of the request the bad input belonged to, or null. */
    public RequestId id() {
        return id;
    }

    /** The error response a receiver sends back for this input. */
    public JsonRpcMessage.ErrorResponse toResponse() {
        return new JsonRpcMessage.ErrorResponse(id, error);
    }
}
