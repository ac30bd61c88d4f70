package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.LoggingLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Requests of the stateless revision 2026-07-28: no handshake; every request carries its protocol version,
 * client capabilities (and optionally client info and log level) in {@code _meta}; every result says its
 * {@code resultType}; list and read results carry caching hints; {@code server/discover} replaces
 * {@code initialize}. Each request runs in a throw-away {@link Session} built from its {@code _meta}, so the
 * methods are the same code as in 2025-11-25.
 */
final class Stateless {
    static final String VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    static final int HEADER_MISMATCH = -32020;
    static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private static final Set<String> METHODS = Set.of("server/discover", "subscriptions/listen", "tools/list", "tools/call", "resources/list",
            "resources/templates/list", "resources/read", "prompts/list", "prompts/get", "completion/complete");
    private static final Set<String> CACHEABLE = Set.of("server/discover", "tools/list", "prompts/list",
            "resources/list", "resources/templates/list", "resources/read");

    private Stateless() {
    }

    /** The version a request names in its {@code _meta}, or null if it names none. */
    static String requestedVersion(JsonRpcMessage.Request request) {
        JsonNode version = meta(request) == null ? null : meta(request).get(VERSION);
        return version != null && version.isString() ? version.stringValue() : null;
    }

    /** True for a request that names a per-request protocol version outside the session-based revisions. */
    static boolean isStateless(JsonRpcMessage.Request request) {
        String version = requestedVersion(request);
        return version != null && !ProtocolVersions.isSupported(version);
    }

    private static ObjectNode meta(JsonRpcMessage.Request request) {
        JsonNode meta = request.params() == null ? null : request.params().get("_meta");
        return meta instanceof ObjectNode object ? object : null;
    }

    static void handle(McpServer server, JsonRpcMessage.Request request, MessageSink replies) {
        RequestId id = request.id();
        ObjectNode meta = meta(request);
        List<String> missing = new ArrayList<>();
        for (String key : List.of(VERSION, CLIENT_CAPABILITIES)) {
            if (meta == null || meta.get(key) == null) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            fail(replies, id, JsonRpcError.INVALID_PARAMS, "Invalid params: missing _meta keys: " + String.join(", ", missing), null);
            return;
        }
        String version = requestedVersion(request);
        if (version == null || !ProtocolVersions.STATELESS.contains(version)) {
            ObjectNode data = JsonCodec.object();
            ProtocolVersions.STATELESS.forEach(data.putArray("supported")::add);
            data.put("requested", String.valueOf(meta.get(VERSION).asString()));
            fail(replies, id, UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version", data);
            return;
        }
        if (!METHODS.contains(request.method())) {
            fail(replies, id, JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + request.method(), null);
            return;
        }
        ClientCapabilities capabilities;
        Implementation clientInfo;
        LoggingLevel logLevel;
        try {
            capabilities = JsonCodec.params(meta.get(CLIENT_CAPABILITIES), ClientCapabilities.class, id);
            clientInfo = meta.get(CLIENT_INFO) == null ? null : JsonCodec.params(meta.get(CLIENT_INFO), Implementation.class, id);
            logLevel = meta.get(LOG_LEVEL) == null ? null : JsonCodec.mapper().treeToValue(meta.get(LOG_LEVEL), LoggingLevel.class);
        } catch (RuntimeException e) {
            fail(replies, id, JsonRpcError.INVALID_PARAMS, "Invalid params: malformed _meta: " + e.getMessage(), null);
            return;
        }
        MessageSink decorated = new Decorator(server, request.method(), replies);
        if ("server/discover".equals(request.method())) {
            ObjectNode result = JsonCodec.object();
            ProtocolVersions.STATELESS.forEach(result.putArray("supportedVersions")::add);
            result.set("capabilities", JsonCodec.toObject(Session.capabilities(server)));
            if (server.instructions() != null) {
                result.put("instructions", server.instructions());
            }
            decorated.send(new JsonRpcMessage.Response(id, result));
            decorated.end();
            return;
        }
        if ("subscriptions/listen".equals(request.method())) {
            server.subscriptions().listen(server, request, replies);
            return;
        }
        ObjectNode known = JsonCodec.object();
        JsonNode state = request.params().get("requestState");
        if (state != null && !state.isNull()) {
            ObjectNode answered = state.isString()
                    ? server.requestStates().verify(request.method(), requestName(request), state.stringValue()) : null;
            if (answered == null) {
                fail(replies, id, JsonRpcError.INVALID_PARAMS, "Invalid params: requestState failed its integrity check", null);
                return;
            }
            known.setAll(answered);
        }
        if (request.params().get("inputResponses") instanceof ObjectNode responses) {
            responses.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    known.set(e.getKey(), e.getValue());
                }
            });
        }
        Session.perRequest(server, version, clientInfo, capabilities, logLevel, known).receive(request, decorated);
    }

    /** What a request is about (tool or prompt name, resource URI), which a requestState is bound to. */
    static String requestName(JsonRpcMessage.Request request) {
        if (request.params() == null) {
            return null;
        }
        JsonNode name = request.params().get("resources/read".equals(request.method()) ? "uri" : "name");
        return name != null && name.isString() ? name.stringValue() : null;
    }

    private static void fail(MessageSink replies, RequestId id, int code, String message, JsonNode data) {
        replies.send(new JsonRpcMessage.ErrorResponse(id, new JsonRpcError(code, message, data)));
        replies.end();
    }

    /** Adds what 2026-07-28 results carry and maps errors whose codes changed in that revision. */
    private record Decorator(McpServer server, String method, MessageSink replies) implements MessageSink {
        @Override
        public void send(JsonRpcMessage message) {
            switch (message) {
                case JsonRpcMessage.Response r when r.result() instanceof ObjectNode result -> {
                    ObjectNode copy = result.deepCopy();
                    if (!copy.has("resultType")) {
                        copy.put("resultType", "complete");
                    }
                    if (CACHEABLE.contains(method)) {
                        if (!copy.has("ttlMs")) {
                            copy.put("ttlMs", 0);
                        }
                        if (!copy.has("cacheScope")) {
                            copy.put("cacheScope", "private");
                        }
                    }
                    ObjectNode meta = copy.get("_meta") instanceof ObjectNode m ? m : copy.putObject("_meta");
                    meta.set(SERVER_INFO, JsonCodec.toObject(server.serverInfo()));
                    replies.send(new JsonRpcMessage.Response(r.id(), copy));
                }
                case JsonRpcMessage.ErrorResponse e when e.error().code() == JsonRpcError.RESOURCE_NOT_FOUND ->
                        replies.send(new JsonRpcMessage.ErrorResponse(e.id(),
                                new JsonRpcError(JsonRpcError.INVALID_PARAMS, e.error().message(), e.error().data())));
                default -> replies.send(message);
            }
        }

        @Override
        public void end() {
            replies.end();
        }

        @Override
        public void suspend() {
            replies.suspend();
        }

        @Override
        public boolean isOpen() {
            return replies.isOpen();
        }

        @Override
        public void onAbandoned(Runnable action) {
            replies.onAbandoned(action);
        }
    }
}
