package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.CancelledParams;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.InitializeParams;
import dev.cairn.mcp.schema.InitializeResult;
import dev.cairn.mcp.schema.ListChanged;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.ResourcesCapability;
import dev.cairn.mcp.schema.ServerCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of one MCP session: the handshake state, the requests in flight (each on its own virtual
 * thread, so a slow tool never blocks a ping or a cancellation), and the client's logging level.
 */
final class Session implements ServerSession {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private static final java.util.Set<String> INPUT_METHODS = java.util.Set.of("tools/call", "prompts/get", "resources/read");

    private final McpServer server;
    private final ServerMethods methods;
    private final Map<RequestId, RequestScope> inFlight = new ConcurrentHashMap<>();
    private final Map<RequestId, CompletableFuture<JsonNode>> outgoing = new ConcurrentHashMap<>();
    private final AtomicLong nextOutgoingId = new AtomicLong(1);
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile MessageSink notifications = message -> { };
    private volatile String protocolVersion;
    private volatile Implementation clientInfo;
    private volatile ClientCapabilities clientCapabilities;
    private volatile boolean initializedNotified;
    private volatile LoggingLevel logLevel = LoggingLevel.INFO;
    private volatile boolean closed;
    private boolean perRequest;
    private tools.jackson.databind.node.ObjectNode knownInputs = JsonCodec.object();

    Session(McpServer server) {
        this.server = server;
        this.methods = new ServerMethods(server, this);
    }

    McpServer server() {
        return server;
    }

    @Override
    public void receive(JsonRpcMessage message, MessageSink replies) {
        switch (message) {
            case JsonRpcMessage.Request request -> onRequest(request, replies);
            case JsonRpcMessage.Notification notification -> onNotification(notification);
            case JsonRpcMessage.Response response -> answered(response.id()).complete(response.result());
            case JsonRpcMessage.ErrorResponse error -> {
                if (error.id() == null) {
                    log.debug("client reported an error for no request: {}", error.error().message());
                } else {
                    answered(error.id()).completeExceptionally(McpException.of(error.error()));
                }
            }
        }
    }

    private CompletableFuture<JsonNode> answered(RequestId id) {
        CompletableFuture<JsonNode> future = outgoing.remove(id);
        if (future == null) {
            log.debug("ignoring an answer to unknown request {}", id);
            return new CompletableFuture<>();
        }
        return future;
    }

    /** Registers a server-to-client request about to be sent; its answer completes the returned future. */
    RequestId expectAnswer(CompletableFuture<JsonNode> answer) {
        RequestId id = RequestId.of("s-" + nextOutgoingId.getAndIncrement());
        outgoing.put(id, answer);
        return id;
    }

    void forget(RequestId id) {
        outgoing.remove(id);
    }

    void subscribe(String uri) {
        subscriptions.add(uri);
    }

    void unsubscribe(String uri) {
        subscriptions.remove(uri);
    }

    /** Sends a parameterless notification (a list change) outside any request. */
    void notify(String method) {
        if (!closed && protocolVersion != null) {
            notifications.send(new JsonRpcMessage.Notification(method, null));
        }
    }

    /** Sends {@code notifications/resources/updated} if the client subscribed to {@code uri}. */
    void resourceUpdated(String uri) {
        if (subscriptions.contains(uri) && !closed) {
            notifications.send(new JsonRpcMessage.Notification("notifications/resources/updated",
                    JsonCodec.object().put("uri", uri)));
        }
    }

    /** A session for one request of a stateless revision, set up from that request's {@code _meta}. */
    static Session perRequest(McpServer server, String version, Implementation clientInfo,
                              ClientCapabilities capabilities, LoggingLevel logLevel,
                              tools.jackson.databind.node.ObjectNode knownInputs) {
        Session session = new Session(server);
        session.knownInputs = knownInputs;
        session.perRequest = true;
        session.protocolVersion = version;
        session.clientInfo = clientInfo;
        session.clientCapabilities = capabilities;
        session.logLevel = logLevel;
        session.initializedNotified = true;
        return session;
    }

    boolean isPerRequest() {
        return perRequest;
    }

    /** For a stateless request: the inputs the client answered, in this round or (via requestState) before. */
    tools.jackson.databind.node.ObjectNode knownInputs() {
        return knownInputs;
    }

    private void onRequest(JsonRpcMessage.Request request, MessageSink replies) {
        if (!perRequest && Stateless.isStateless(request)) {
            Stateless.handle(server, request, replies);
            return;
        }
        if (closed) {
            answer(replies, error(request.id(), JsonRpcError.INVALID_REQUEST, "Session closed"));
            return;
        }
        if ("initialize".equals(request.method())) {
            answer(replies, call(request, () -> initialize(request)));
            return;
        }
        if (protocolVersion == null && !"ping".equals(request.method())) {
            answer(replies, error(request.id(), JsonRpcError.INVALID_REQUEST,
                    "Server not initialized: send initialize first"));
            return;
        }
        RequestScope scope = new RequestScope(this, request, replies);
        if (inFlight.putIfAbsent(request.id(), scope) != null) {
            answer(replies, error(request.id(), JsonRpcError.INVALID_REQUEST,
                    "Invalid Request: id " + request.id() + " is already in use by a running request"));
            return;
        }
        if (perRequest) {
            replies.onAbandoned(scope::cancel); // no session to come back to: a gone client's work is wasted
        }
        Thread.ofVirtual().name("mcp-" + request.method()).start(() -> run(scope));
    }

    private void run(RequestScope scope) {
        scope.bindThread(Thread.currentThread());
        JsonRpcMessage.Request request = scope.request();
        JsonRpcMessage answer;
        try {
            answer = call(request, () -> methods.handle(request, scope));
        } finally {
            inFlight.remove(request.id());
        }
        if (!scope.isCancelled()) {
            scope.sink().send(answer);
        }
        scope.sink().end();
    }

    @FunctionalInterface
    private interface Call {
        JsonNode get() throws Exception;
    }

    private JsonRpcMessage call(JsonRpcMessage.Request request, Call call) {
        try {
            return new JsonRpcMessage.Response(request.id(), call.get());
        } catch (InputRequired e) {
            if (!perRequest || !INPUT_METHODS.contains(request.method())) {
                return error(request.id(), JsonRpcError.INTERNAL_ERROR, request.method() + " cannot ask the client for input");
            }
            return new JsonRpcMessage.Response(request.id(), inputRequiredResult(request, e));
        } catch (JsonRpcException e) {
            return new JsonRpcMessage.ErrorResponse(request.id(), e.error());
        } catch (McpException e) {
            return new JsonRpcMessage.ErrorResponse(request.id(), new JsonRpcError(e.code(), e.getMessage(), e.data()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request.id(), JsonRpcError.INTERNAL_ERROR, "Request interrupted");
        } catch (Exception | Error e) {
            log.warn("{} failed", request.method(), e);
            return error(request.id(), JsonRpcError.INTERNAL_ERROR, "Internal error: " + e);
        }
    }

    /** An input_required result: what is still missing, and the signed answers so far as requestState. */
    private JsonNode inputRequiredResult(JsonRpcMessage.Request request, InputRequired required) {
        tools.jackson.databind.node.ObjectNode result = JsonCodec.object().put("resultType", "input_required");
        tools.jackson.databind.node.ObjectNode requests = result.putObject("inputRequests");
        required.missing().forEach((key, input) -> {
            tools.jackson.databind.node.ObjectNode entry = requests.putObject(key).put("method", input.method());
            entry.set("params", input.params() == null ? JsonCodec.object() : input.params());
        });
        tools.jackson.databind.node.ObjectNode answered = JsonCodec.object();
        required.answered().forEach(answered::set);
        result.put("requestState", server.requestStates().sign(request.method(), Stateless.requestName(request), answered));
        return result;
    }

    private static JsonRpcMessage.ErrorResponse error(RequestId id, int code, String message) {
        return new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(code, message));
    }

    private static void answer(MessageSink replies, JsonRpcMessage message) {
        replies.send(message);
        replies.end();
    }

    private JsonNode initialize(JsonRpcMessage.Request request) {
        InitializeParams params = JsonCodec.params(request.params(), InitializeParams.class, request.id());
        synchronized (this) {
            if (protocolVersion != null) {
                throw new JsonRpcException(JsonRpcError.INVALID_REQUEST, "Invalid Request: session already initialized", request.id());
            }
            clientInfo = params.clientInfo();
            clientCapabilities = params.capabilities();
            protocolVersion = ProtocolVersions.negotiate(params.protocolVersion());
        }
        log.debug("initialized {} {} with protocol {}", clientInfo.name(), clientInfo.version(), protocolVersion);
        return JsonCodec.toObject(new InitializeResult(protocolVersion, capabilities(), server.serverInfo(),
                server.instructions(), null));
    }

    private ServerCapabilities capabilities() {
        return capabilities(server);
    }

    static ServerCapabilities capabilities(McpServer server) {
        return new ServerCapabilities(null, JsonCodec.object(),
                server.completion() == null ? null : JsonCodec.object(),
                server.prompts().isEmpty() ? null : new ListChanged(true),
                server.resources().isEmpty() && server.templates().isEmpty() ? null : new ResourcesCapability(true, true),
                server.tools().isEmpty() ? null : new ListChanged(true),
                null);
    }

    private void onNotification(JsonRpcMessage.Notification notification) {
        switch (notification.method()) {
            case "notifications/initialized" -> initializedNotified = true;
            case "notifications/cancelled" -> cancel(notification);
            default -> log.debug("ignoring notification {}", notification.method());
        }
    }

    private void cancel(JsonRpcMessage.Notification notification) {
        CancelledParams params;
        try {
            params = JsonCodec.params(notification.params(), CancelledParams.class, null);
        } catch (JsonRpcException e) {
            log.debug("ignoring malformed cancellation: {}", e.getMessage());
            return;
        }
        RequestScope scope = params.requestId() == null ? null : inFlight.get(params.requestId());
        if (scope != null) {
            log.debug("request {} cancelled: {}", params.requestId(), params.reason());
            scope.cancel();
        } else if (params.requestId() != null) {
            server.subscriptions().close(params.requestId());
        }
    }

    void setLogLevel(LoggingLevel level) {
        this.logLevel = level;
    }

    LoggingLevel logLevel() {
        return logLevel;
    }

    Implementation clientInfo() {
        return clientInfo;
    }

    ClientCapabilities clientCapabilities() {
        return clientCapabilities;
    }

    /** True once the client sent {@code notifications/initialized}. */
    boolean handshakeComplete() {
        return initializedNotified;
    }

    @Override
    public void setNotificationSink(MessageSink sink) {
        this.notifications = sink == null ? message -> { } : sink;
    }

    MessageSink notificationSink() {
        return notifications;
    }

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public boolean isInitialized() {
        return protocolVersion != null;
    }

    @Override
    public void close() {
        closed = true;
        inFlight.values().forEach(RequestScope::cancel);
        McpException closing = new McpException("Session closed", null);
        outgoing.values().forEach(f -> f.completeExceptionally(closing));
        outgoing.clear();
        server.detach(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
