package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.CancelledParams;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.LoggingMessageParams;
import dev.cairn.mcp.schema.ProgressParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One running request: its context for handlers, its reply sink, and its cancellation state. */
final class RequestScope implements RequestContext {
    private final Session session;
    private final JsonRpcMessage.Request request;
    private final MessageSink sink;
    private final RequestId progressToken;
    private volatile boolean cancelled;
    private volatile Thread thread;

    RequestScope(Session session, JsonRpcMessage.Request request, MessageSink sink) {
        this.session = session;
        this.request = request;
        this.sink = sink;
        ObjectNode meta = meta();
        this.progressToken = meta == null ? null : RequestId.fromJson(meta.get("progressToken"));
    }

    JsonRpcMessage.Request request() {
        return request;
    }

    MessageSink sink() {
        return sink;
    }

    void bindThread(Thread thread) {
        this.thread = thread;
        if (cancelled) {
            thread.interrupt();
        }
    }

    void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public RequestId requestId() {
        return request.id();
    }

    @Override
    public ObjectNode meta() {
        JsonNode meta = request.params() == null ? null : request.params().get("_meta");
        return meta instanceof ObjectNode object ? object : null;
    }

    @Override
    public Implementation clientInfo() {
        return session.clientInfo();
    }

    @Override
    public void progress(double progress, Double total, String message) {
        if (progressToken == null || cancelled) {
            return;
        }
        ProgressParams params = new ProgressParams(progressToken, progress, total, message, null);
        sink.send(new JsonRpcMessage.Notification("notifications/progress", JsonCodec.toObject(params)));
    }

    @Override
    public void log(LoggingLevel level, String logger, Object data) {
        LoggingLevel threshold = session.logLevel();
        if (cancelled || threshold == null || !level.atLeast(threshold)) {
            return;
        }
        JsonNode json = JsonCodec.mapper().valueToTree(data);
        LoggingMessageParams params = new LoggingMessageParams(level, logger, json, null);
        sink.send(new JsonRpcMessage.Notification("notifications/message", JsonCodec.toObject(params)));
    }

    @Override
    public ClientCapabilities clientCapabilities() {
        return session.clientCapabilities();
    }

    @Override
    public JsonNode request(String method, ObjectNode params, Duration timeout) throws InterruptedException {
        if (cancelled) {
            throw new InterruptedException("request " + request.id() + " was cancelled");
        }
        if (session.isPerRequest()) {
            throw new McpException(JsonRpcError.INTERNAL_ERROR, "Requests to the client in protocol "
                    + session.protocolVersion() + " go through input_required results, which Cairn does not offer yet");
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        RequestId id = session.expectAnswer(answer);
        try {
            sink.send(new JsonRpcMessage.Request(id, method, params));
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sink.send(new JsonRpcMessage.Notification("notifications/cancelled",
                    JsonCodec.toObject(new CancelledParams(id, "timed out", null))));
            throw new McpException(method + " to the client timed out after " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof McpException mcp) {
                throw new McpException(mcp.code(), mcp.getMessage(), mcp.data(), mcp);
            }
            throw new McpException(method + " to the client failed: " + e.getCause(), e.getCause());
        } finally {
            session.forget(id);
        }
    }

    @Override
    public void suspendStream() {
        sink.suspend();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
