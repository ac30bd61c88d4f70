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
    private static final Duration INPUT_TIMEOUT = Duration.ofMinutes(5);

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
    public java.util.Map<String, JsonNode> inputs(java.util.Map<String, InputRequest> requests) throws InterruptedException {
        java.util.Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
        if (!session.isPerRequest()) {
            for (var entry : requests.entrySet()) {
                answers.put(entry.getKey(), request(entry.getValue().method(), entry.getValue().params(), INPUT_TIMEOUT));
            }
            return answers;
        }
        java.util.Map<String, InputRequest> missing = new java.util.LinkedHashMap<>();
        for (var entry : requests.entrySet()) {
            requireCapability(entry.getValue().method());
            JsonNode known = session.knownInputs().get(entry.getKey());
            if (known == null) {
                missing.put(entry.getKey(), entry.getValue());
            } else {
                answers.put(entry.getKey(), known);
            }
        }
        if (!missing.isEmpty()) {
            java.util.Map<String, JsonNode> carried = new java.util.LinkedHashMap<>();
            session.knownInputs().properties().forEach(e -> carried.put(e.getKey(), e.getValue()));
            throw new InputRequired(missing, carried);
        }
        return answers;
    }

    private void requireCapability(String method) {
        String capability = switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
        ClientCapabilities declared = session.clientCapabilities();
        JsonNode declaredTree = declared == null ? JsonCodec.object() : JsonCodec.toObject(declared);
        if (capability != null && declaredTree.get(capability) == null) {
            ObjectNode data = JsonCodec.object();
            data.putObject("requiredCapabilities").putObject(capability);
            throw new McpException(Stateless.MISSING_REQUIRED_CLIENT_CAPABILITY, "Missing required client capability: "
                    + capability, data, null);
        }
    }

    @Override
    public JsonNode request(String method, ObjectNode params, Duration timeout) throws InterruptedException {
        if (cancelled) {
            throw new InterruptedException("request " + request.id() + " was cancelled");
        }
        requireCapability(method);
        if (session.isPerRequest()) {
            throw new McpException(JsonRpcError.INTERNAL_ERROR, "Protocol " + session.protocolVersion()
                    + " has no server-to-client requests: use RequestContext.inputs, which returns input_required");
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
