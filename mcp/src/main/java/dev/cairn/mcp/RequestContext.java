package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.LoggingLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * What a tool, resource or prompt handler knows about the request it serves, and how it talks back while
 * it runs: progress and log notifications go to the client on the request's own stream.
 */
public interface RequestContext {
    RequestId requestId();

    /** The request's {@code _meta}, or null. */
    ObjectNode meta();

    /** The client that sent the request, from its handshake. */
    Implementation clientInfo();

    /**
     * Reports progress if the client asked for it (a {@code progressToken} in {@code _meta}); otherwise does
     * nothing. {@code progress} must increase from call to call; {@code total} and {@code message} may be null.
     */
    void progress(double progress, Double total, String message);

    /** Sends a {@code notifications/message} if {@code level} is at or above the level the client set. */
    void log(LoggingLevel level, String logger, Object data);

    /** What the client declared in its handshake (sampling, elicitation, roots). */
    ClientCapabilities clientCapabilities();

    /**
     * Sends a request to the client on this request's stream ({@code sampling/createMessage},
     * {@code elicitation/create}, {@code roots/list}) and waits for its result. A JSON-RPC error from the
     * client, a timeout or a closed session is thrown as {@link McpException}.
     */
    JsonNode request(String method, ObjectNode params, Duration timeout) throws InterruptedException;

    /**
     * Over Streamable HTTP, closes the SSE connection carrying this request's messages while the request goes
     * on; the client reconnects (after the server's {@code retry} delay) and receives what was sent meanwhile.
     * Lets long-running tools avoid holding connections open. Does nothing on other transports.
     */
    void suspendStream();

    /** A request for input from the client: {@code sampling/createMessage}, {@code elicitation/create} or {@code roots/list}. */
    record InputRequest(String method, ObjectNode params) {
        public InputRequest {
            java.util.Objects.requireNonNull(method, "method");
        }
    }

    /**
     * Gets input from the client, one answer per key. In a 2025-11-25 session each request is sent to the
     * client and awaited. In 2026-07-28 the answers come with the client's retry of this request: if any is
     * missing, the handler stops here and the client receives an {@code input_required} result asking for it;
     * answers of earlier rounds travel in the signed {@code requestState}, so a handler is written as
     * straight-line code and simply runs again. Asking for a capability the client did not declare fails
     * with {@code -32021}.
     */
    java.util.Map<String, JsonNode> inputs(java.util.Map<String, InputRequest> requests) throws InterruptedException;

    /** {@link #inputs} for a single request. */
    default JsonNode input(String key, String method, ObjectNode params) throws InterruptedException {
        return inputs(java.util.Map.of(key, new InputRequest(method, params))).get(key);
    }

    /** True once the client cancelled this request; the handler's thread is also interrupted then. */
    boolean isCancelled();
}
