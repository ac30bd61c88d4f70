package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.CancelledParams;
import dev.cairn.mcp.schema.ProgressParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@link McpClient}'s JSON-RPC plumbing on one transport: request ids, the answers callers wait for, timeouts with
 * {@code notifications/cancelled}, failing every waiting call when the connection closes, and routing what arrives
 * (responses to their callers, notifications to {@link ClientNotifications}, server requests to their handlers on
 * virtual threads). The MCP methods themselves, the handshake and the stateless revision's rounds stay in the client.
 */
final class ClientRequests implements ClientTransport.Listener {
    private static final Logger log = LoggerFactory.getLogger(McpClient.class); // the client's one log category

    private final ClientTransport transport;
    private final ClientNotifications notifications;
    private final Map<String, McpClient.RequestHandler> requestHandlers;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<RequestId, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile String closedReason;

    ClientRequests(ClientTransport transport, ClientNotifications notifications, Map<String, McpClient.RequestHandler> requestHandlers) {
        this.transport = transport;
        this.notifications = notifications;
        this.requestHandlers = requestHandlers;
    }

    /** A fresh request id (for requests sent elsewhere too, such as the listen streams). */
    RequestId nextId() {
        return RequestId.of(nextId.getAndIncrement());
    }

    /**
     * Sends one request and waits up to {@code timeout} for its result; {@code onProgress} (if not null) gets a
     * progress token and the server's progress notifications. A timeout or interrupt cancels the request.
     */
    JsonNode send(String method, ObjectNode params, Consumer<ProgressParams> onProgress, Duration timeout) {
        RequestId id = nextId();
        if (onProgress != null) {
            params = params == null ? JsonCodec.object() : params.deepCopy();
            ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
            meta.put("progressToken", ((RequestId.Number) id).id());
            notifications.progress.put(id, onProgress);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            if (closedReason != null) {
                throw new McpException("Connection closed: " + closedReason, null);
            }
            transport.send(new JsonRpcMessage.Request(id, method, params));
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new McpException("Could not send " + method + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            cancel(id, "timed out after " + timeout.toMillis() + " ms");
            throw new McpException(method + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(id, "interrupted");
            throw new McpException(method + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof McpException mcp) {
                throw new McpException(mcp.code(), mcp.getMessage(), mcp.data(), mcp);
            }
            throw new McpException(method + " failed: " + e.getCause(), e.getCause());
        } finally {
            pending.remove(id);
            notifications.progress.remove(id);
        }
    }

    void notify(String method, ObjectNode params) throws IOException {
        transport.send(new JsonRpcMessage.Notification(method, params));
    }

    private void cancel(RequestId id, String reason) {
        try {
            notify("notifications/cancelled", JsonCodec.toObject(new CancelledParams(id, reason, null)));
        } catch (IOException | RuntimeException e) {
            log.debug("could not send cancellation for {}", id, e);
        }
    }

    @Override
    public void message(JsonRpcMessage message) {
        switch (message) {
            case JsonRpcMessage.Response r -> complete(r.id(), f -> f.complete(r.result()));
            case JsonRpcMessage.ErrorResponse e -> {
                if (e.id() == null) {
                    log.warn("server reported an error for no request: {} {}", e.error().code(), e.error().message());
                } else {
                    complete(e.id(), f -> f.completeExceptionally(McpException.of(e.error())));
                }
            }
            case JsonRpcMessage.Notification n -> notifications.dispatch(n);
            case JsonRpcMessage.Request r -> answerServerRequest(r);
        }
    }

    /** Fails every waiting call and every later one with "Connection closed: {@code reason}". */
    @Override
    public void closed(String reason) {
        closedReason = reason == null ? "closed" : reason;
        McpException failure = new McpException("Connection closed: " + closedReason, null);
        pending.values().forEach(f -> f.completeExceptionally(failure));
    }

    private void complete(RequestId id, Consumer<CompletableFuture<JsonNode>> action) {
        CompletableFuture<JsonNode> future = pending.get(id);
        if (future == null) {
            log.debug("answer for unknown or abandoned request {}", id);
        } else {
            action.accept(future);
        }
    }

    private void answerServerRequest(JsonRpcMessage.Request request) {
        Thread.ofVirtual().name("mcp-client-" + request.method()).start(() -> {
            JsonRpcMessage answer = ClientReplies.answer(request, requestHandlers);
            try {
                transport.send(answer);
            } catch (IOException | RuntimeException e) {
                log.debug("could not answer server request {}", request.method(), e);
            }
        });
    }
}
