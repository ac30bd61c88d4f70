package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.CallToolParams;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.CompleteParams;
import dev.cairn.mcp.schema.CompleteResult;
import dev.cairn.mcp.schema.CompletionReference;
import dev.cairn.mcp.schema.GetPromptParams;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.InitializeParams;
import dev.cairn.mcp.schema.InitializeResult;
import dev.cairn.mcp.schema.ListPromptsResult;
import dev.cairn.mcp.schema.ListResourceTemplatesResult;
import dev.cairn.mcp.schema.ListResourcesResult;
import dev.cairn.mcp.schema.ListToolsResult;
import dev.cairn.mcp.schema.LoggingLevel;
import dev.cairn.mcp.schema.LoggingMessageParams;
import dev.cairn.mcp.schema.PaginatedParams;
import dev.cairn.mcp.schema.ProgressParams;
import dev.cairn.mcp.schema.Prompt;
import dev.cairn.mcp.schema.ReadResourceParams;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.ServerCapabilities;
import dev.cairn.mcp.schema.SetLevelParams;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.schema.Root;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An MCP client over any {@link ClientTransport}. {@link Builder#connect} performs the handshake; then the
 * methods below are plain blocking calls, safe to use from many threads. A JSON-RPC error from the server is
 * thrown as {@link McpException} with the server's code; every call is bounded by the request timeout.
 */
public final class McpClient implements AutoCloseable {
    private static final int MAX_INPUT_ROUNDS = 10;

    private final ClientTransport transport;
    private final Duration timeout;
    private final ClientNotifications notifications;
    private final ClientRequests requests;
    private final ListenStreams listenStreams;
    private volatile InitializeResult initializeResult;
    private volatile String version;
    private final boolean stateless;
    private final Implementation clientInfo;
    private final ClientCapabilities capabilities;
    private volatile LoggingLevel logLevel;

    private final Map<String, RequestHandler> requestHandlers;
    private final java.util.Set<Tool> knownTools = ConcurrentHashMap.newKeySet();

    private McpClient(ClientTransport transport, Duration timeout, Consumer<LoggingMessageParams> logListener,
                      Map<String, RequestHandler> requestHandlers, String version, Implementation clientInfo,
                      ClientCapabilities capabilities) {
        this.version = version;
        this.stateless = ProtocolVersions.STATELESS.contains(version);
        this.clientInfo = clientInfo;
        this.capabilities = capabilities;
        this.transport = transport;
        this.timeout = timeout;
        this.notifications = new ClientNotifications(logListener);
        this.requestHandlers = Map.copyOf(requestHandlers);
        this.requests = new ClientRequests(transport, notifications, this.requestHandlers);
        this.listenStreams = new ListenStreams(transport, notifications, requests::nextId,
                params -> ClientReplies.stamp(params, this.version, clientInfo, capabilities, logLevel), timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the server said in the handshake: its revision, capabilities, identity and instructions. */
    public InitializeResult initializeResult() {
        return initializeResult;
    }

    public String protocolVersion() {
        return initializeResult.protocolVersion();
    }

    public Implementation serverInfo() {
        return initializeResult.serverInfo();
    }

    /** Checks the server answers ({@code ping}; {@code server/discover} in the stateless revision, which has no ping). */
    public void ping() {
        request(stateless ? "server/discover" : "ping", null);
    }

    /**
     * One page of tools. In the stateless revision, tools whose {@code x-mcp-header} annotations are invalid are
     * left out, as the specification requires, and the transport learns which arguments to mirror in headers.
     */
    public ListToolsResult listTools(String cursor) {
        ListToolsResult page = JsonCodec.result(request("tools/list", pageParams(cursor)), ListToolsResult.class);
        if (!stateless) {
            return page;
        }
        List<Tool> usable = page.tools().stream().filter(tool -> tool.headerParameters() != null).toList();
        knownTools.addAll(usable);
        transport.tools(List.copyOf(knownTools));
        return new ListToolsResult(usable, page.nextCursor(), page.meta());
    }

    /** Every tool, following {@code nextCursor} through all pages. */
    public List<Tool> listAllTools() {
        return Pages.collect(cursor -> {
            ListToolsResult page = listTools(cursor);
            return new Pages<>(page.tools(), page.nextCursor());
        });
    }

    public CallToolResult callTool(String name, ObjectNode arguments) {
        return callTool(name, arguments, null);
    }

    /** Calls a tool; {@code onProgress} (if not null) receives the server's progress notifications for it. */
    public CallToolResult callTool(String name, ObjectNode arguments, Consumer<ProgressParams> onProgress) {
        ObjectNode params = JsonCodec.toObject(new CallToolParams(name, arguments == null ? JsonCodec.object() : arguments, null));
        return JsonCodec.result(request("tools/call", params, onProgress), CallToolResult.class);
    }

    public ListResourcesResult listResources(String cursor) {
        return JsonCodec.result(request("resources/list", pageParams(cursor)), ListResourcesResult.class);
    }

    public List<Resource> listAllResources() {
        return Pages.collect(cursor -> {
            ListResourcesResult page = listResources(cursor);
            return new Pages<>(page.resources(), page.nextCursor());
        });
    }

    public ListResourceTemplatesResult listResourceTemplates(String cursor) {
        return JsonCodec.result(request("resources/templates/list", pageParams(cursor)), ListResourceTemplatesResult.class);
    }

    public ReadResourceResult readResource(String uri) {
        return JsonCodec.result(request("resources/read", JsonCodec.toObject(new ReadResourceParams(uri, null))),
                ReadResourceResult.class);
    }

    public ListPromptsResult listPrompts(String cursor) {
        return JsonCodec.result(request("prompts/list", pageParams(cursor)), ListPromptsResult.class);
    }

    public List<Prompt> listAllPrompts() {
        return Pages.collect(cursor -> {
            ListPromptsResult page = listPrompts(cursor);
            return new Pages<>(page.prompts(), page.nextCursor());
        });
    }

    public GetPromptResult getPrompt(String name, Map<String, String> arguments) {
        return JsonCodec.result(request("prompts/get", JsonCodec.toObject(new GetPromptParams(name, arguments, null))),
                GetPromptResult.class);
    }

    /**
     * Receives the server's notifications other than progress and log messages (list changes, resource
     * updates), on a transport thread: keep it short.
     */
    public void onNotification(Consumer<JsonRpcMessage.Notification> listener) {
        notifications.other = listener;
    }

    /**
     * Asks for {@code notifications/resources/updated} about {@code uri} (see {@link #onNotification}); in the
     * stateless revision by opening a {@code subscriptions/listen} stream for it.
     */
    public void subscribeResource(String uri) {
        if (stateless) {
            ObjectNode filter = JsonCodec.object();
            filter.putArray("resourceSubscriptions").add(uri);
            listenStreams.open(uri, filter);
            return;
        }
        request("resources/subscribe", JsonCodec.toObject(new ReadResourceParams(uri, null)));
    }

    /**
     * Subscribes to changes of the resource {@code uri}: {@code onUpdated} receives the URI each time the
     * server says it changed (read it again to see how). Needs the server's {@code resources.subscribe}.
     */
    public void subscribeResource(String uri, Consumer<String> onUpdated) {
        notifications.resourceUpdates.put(uri, Objects.requireNonNull(onUpdated, "onUpdated"));
        try {
            subscribeResource(uri);
        } catch (RuntimeException e) {
            notifications.resourceUpdates.remove(uri);
            throw e;
        }
    }

    /** Ends a subscription (and drops its listener). */
    public void unsubscribeResource(String uri) {
        notifications.resourceUpdates.remove(uri);
        if (!listenStreams.close(uri) && !stateless) {
            request("resources/unsubscribe", JsonCodec.toObject(new ReadResourceParams(uri, null)));
        }
    }

    /**
     * Runs {@code listener} whenever the server says its tool list changed (list the tools again to see how);
     * the stateless revision opens a {@code subscriptions/listen} stream for it. Likewise the next two.
     */
    public void onToolsChanged(Runnable listener) {
        onListChanged("tools", listener);
    }

    /** Runs {@code listener} whenever the server says its resource list changed. */
    public void onResourcesChanged(Runnable listener) {
        onListChanged("resources", listener);
    }

    /** Runs {@code listener} whenever the server says its prompt list changed. */
    public void onPromptsChanged(Runnable listener) {
        onListChanged("prompts", listener);
    }

    private void onListChanged(String kind, Runnable listener) {
        notifications.onListChanged(kind, listener);
        if (stateless) {
            listenStreams.open("list:" + kind, JsonCodec.object().put(kind + "ListChanged", true));
        }
    }


    /**
     * Tells the server the roots given to {@link Builder#roots} changed ({@code notifications/roots/list_changed});
     * it will ask for them again. Nothing to tell in the stateless revision: every request carries its context.
     */
    public void rootsChanged() {
        if (stateless) {
            return;
        }
        try {
            requests.notify("notifications/roots/list_changed", null);
        } catch (IOException e) {
            throw new McpException("Could not send roots/list_changed: " + e.getMessage(), e);
        }
    }

    /** Asks for log messages at {@code level} and above (in the stateless revision: on every later request). */
    public void setLoggingLevel(LoggingLevel level) {
        if (stateless) {
            logLevel = level;
            return;
        }
        request("logging/setLevel", JsonCodec.toObject(new SetLevelParams(level, null)));
    }

    public CompleteResult complete(CompletionReference ref, String argument, String value) {
        CompleteParams params = new CompleteParams(ref, new CompleteParams.Argument(argument, value), null, null);
        return JsonCodec.result(request("completion/complete", JsonCodec.toObject(params)), CompleteResult.class);
    }

    /** Sends any request and returns its raw result; for methods this class has no typed call for. */
    public JsonNode request(String method, ObjectNode params) {
        return request(method, params, null);
    }

    private JsonNode request(String method, ObjectNode params, Consumer<ProgressParams> onProgress) {
        return request(method, params, onProgress, timeout);
    }

    private JsonNode request(String method, ObjectNode params, Consumer<ProgressParams> onProgress, Duration timeout) {
        if (!stateless) {
            return requests.send(method, params, onProgress, timeout);
        }
        ObjectNode round = params == null ? JsonCodec.object() : params.deepCopy();
        for (int rounds = 0; rounds < MAX_INPUT_ROUNDS; rounds++) {
            ClientReplies.stamp(round, version, clientInfo, capabilities, logLevel);
            JsonNode result;
            try {
                result = requests.send(method, round, onProgress, timeout);
            } catch (McpException e) {
                String other = ClientReplies.supportedInstead(e);
                if (other == null || rounds > 0) {
                    throw e;
                }
                version = other;
                transport.protocolVersion(other);
                ClientReplies.stamp(round, version, clientInfo, capabilities, logLevel);
                result = requests.send(method, round, onProgress, timeout);
            }
            if (!ClientReplies.needsInput(result)) {
                return result;
            }
            round = ClientReplies.retryWithInputs(round, result, requestHandlers);
        }
        throw new McpException(method + " still needed input after " + MAX_INPUT_ROUNDS + " rounds", null);
    }

    private static ObjectNode pageParams(String cursor) {
        return cursor == null ? null : JsonCodec.toObject(new PaginatedParams(cursor, null));
    }

    /** Answers one kind of request from the server with a JSON result (or throws {@link McpException}). */
    @FunctionalInterface
    public interface RequestHandler {
        JsonNode handle(ObjectNode params) throws Exception;
    }

    private void handshake(Duration handshakeTimeout) throws IOException {
        transport.start(requests);
        if (stateless) {
            transport.protocolVersion(version);
            JsonNode discovered = request("server/discover", null, null, handshakeTimeout);
            ServerCapabilities serverCapabilities = JsonCodec.result(discovered.path("capabilities"), ServerCapabilities.class);
            JsonNode info = discovered.at("/_meta/" + Stateless.SERVER_INFO.replace("/", "~1"));
            Implementation serverInfo = info.isObject() ? JsonCodec.result(info, Implementation.class)
                    : new Implementation("unknown", "unknown");
            initializeResult = new InitializeResult(version, serverCapabilities, serverInfo,
                    discovered.path("instructions").isString() ? discovered.get("instructions").stringValue() : null, null);
            return;
        }
        InitializeParams params = new InitializeParams(version, capabilities, clientInfo, null);
        InitializeResult result = JsonCodec.result(request("initialize", JsonCodec.toObject(params), null, handshakeTimeout),
                InitializeResult.class);
        if (!ProtocolVersions.isSupported(result.protocolVersion())) {
            throw new McpException(JsonRpcError.INVALID_REQUEST, "Server chose protocol version "
                    + result.protocolVersion() + ", which this client does not support (" + ProtocolVersions.SUPPORTED + ")");
        }
        initializeResult = result;
        transport.protocolVersion(result.protocolVersion());
        requests.notify("notifications/initialized", null);
    }

    /** Ends the session and closes the transport (for stdio: closes the server's stdin, then stops it). */
    @Override
    public void close() {
        transport.close();
        requests.closed("client closed");
    }

    public static final class Builder {

        private Implementation clientInfo = new Implementation("cairn", "0.1.0");
        private ClientCapabilities capabilities = ClientCapabilities.none();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private String version = ProtocolVersions.LATEST;
        private Consumer<LoggingMessageParams> logListener;
        private final Map<String, RequestHandler> requestHandlers = new java.util.HashMap<>();
        private boolean sampling;
        private boolean elicitation;
        private boolean roots;

        private Builder() {
        }

        /**
         * Answers a server-to-client request method such as {@code sampling/createMessage},
         * {@code elicitation/create} or {@code roots/list}. Declare the matching capability too.
         */
        public Builder onRequest(String method, RequestHandler handler) {
            requestHandlers.put(Objects.requireNonNull(method, "method"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Lends {@code model} to the server for {@code sampling/createMessage}, declaring the sampling capability. */
        public Builder sampling(SamplingModel model) {
            sampling = true;
            return onRequest("sampling/createMessage", ClientReplies.sampling(model));
        }

        /** Answers {@code elicitation/create} with {@code handler}, declaring form and URL elicitation. */
        public Builder elicitation(ElicitationHandler handler) {
            elicitation = true;
            return onRequest("elicitation/create", ClientReplies.elicitation(handler));
        }

        /**
         * Answers {@code roots/list} with what {@code roots} returns at the time, declaring the roots capability
         * with list-changed notifications (send them with {@link McpClient#rootsChanged()}).
         */
        public Builder roots(Supplier<List<Root>> roots) {
            this.roots = true;
            return onRequest("roots/list", ClientReplies.roots(roots));
        }

        public Builder clientInfo(Implementation clientInfo) {
            this.clientInfo = Objects.requireNonNull(clientInfo, "clientInfo");
            return this;
        }

        public Builder capabilities(ClientCapabilities capabilities) {
            this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
            return this;
        }

        /** The longest any request may take before it is cancelled and fails (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The protocol revision to speak: a session-based one (default {@link ProtocolVersions#LATEST}, with the
         * initialize handshake) or a stateless one ({@code 2026-07-28}: {@code server/discover}, then
         * self-contained requests, input_required rounds answered by the {@link #onRequest} handlers).
         */
        public Builder protocolVersion(String version) {
            if (!ProtocolVersions.isSupported(version) && !ProtocolVersions.STATELESS.contains(version)) {
                throw new IllegalArgumentException("unsupported protocol version " + version);
            }
            this.version = version;
            return this;
        }

        /** The longest the initialize handshake may take, server start-up included (default 30 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Receives the server's {@code notifications/message} log entries. */
        public Builder onLog(Consumer<LoggingMessageParams> listener) {
            this.logListener = listener;
            return this;
        }

        /** Starts the transport and performs the initialize handshake. */
        public McpClient connect(ClientTransport transport) {
            McpClient client = new McpClient(transport, timeout, logListener, requestHandlers, version, clientInfo,
                    ClientReplies.implied(capabilities, sampling, elicitation, roots));
            try {
                client.handshake(handshakeTimeout);
                return client;
            } catch (IOException | RuntimeException e) {
                transport.close();
                if (e instanceof McpException mcp) {
                    throw mcp;
                }
                throw new McpException("Could not connect: " + e.getMessage(), e);
            }
        }
    }
}
