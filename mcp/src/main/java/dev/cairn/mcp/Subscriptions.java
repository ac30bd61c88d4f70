package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open {@code subscriptions/listen} streams of the stateless revision: each opted in to some notification
 * types; a notification goes only to streams that asked for its type, tagged with the stream's id.
 */
final class Subscriptions {
    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private record Listener(RequestId id, Set<String> methods, Set<String> resources, MessageSink sink) {
    }

    private final Map<RequestId, Listener> listeners = new ConcurrentHashMap<>();

    /**
     * Opens a stream for {@code request}: acknowledges the notification types this server can honour, then
     * keeps the request open; it ends with {@link #close} (cancellation) or when the transport closes.
     */
    void listen(McpServer server, JsonRpcMessage.Request request, MessageSink sink) {
        JsonNode filter = request.params() == null ? null : request.params().get("notifications");
        Set<String> methods = new HashSet<>();
        Set<String> resources = new HashSet<>();
        ObjectNode honoured = JsonCodec.object();
        if (filter != null && filter.isObject()) {
            if (filter.path("toolsListChanged").asBoolean(false) && !server.tools().isEmpty()) {
                methods.add("notifications/tools/list_changed");
                honoured.put("toolsListChanged", true);
            }
            if (filter.path("promptsListChanged").asBoolean(false) && !server.prompts().isEmpty()) {
                methods.add("notifications/prompts/list_changed");
                honoured.put("promptsListChanged", true);
            }
            boolean hasResources = !server.resources().isEmpty() || !server.templates().isEmpty();
            if (filter.path("resourcesListChanged").asBoolean(false) && hasResources) {
                methods.add("notifications/resources/list_changed");
                honoured.put("resourcesListChanged", true);
            }
            if (filter.get("resourceSubscriptions") instanceof tools.jackson.databind.node.ArrayNode uris && hasResources) {
                var accepted = honoured.putArray("resourceSubscriptions");
                uris.forEach(uri -> {
                    if (uri.isString()) {
                        resources.add(uri.stringValue());
                        accepted.add(uri.stringValue());
                    }
                });
                methods.add("notifications/resources/updated");
            }
        }
        Listener listener = new Listener(request.id(), Set.copyOf(methods), Set.copyOf(resources), sink);
        ObjectNode params = JsonCodec.object();
        params.set("notifications", honoured);
        params.putObject("_meta").set(SUBSCRIPTION_ID, JsonCodec.mapper().valueToTree(request.id().value()));
        sink.send(new JsonRpcMessage.Notification("notifications/subscriptions/acknowledged", params));
        listeners.put(request.id(), listener);
    }

    /** Ends a stream the client cancelled; it gets no response. */
    void close(RequestId id) {
        Listener listener = listeners.remove(id);
        if (listener != null) {
            listener.sink().end();
        }
    }

    /** Ends every stream gracefully, with the empty result that says so. */
    void closeAll() {
        for (Listener listener : listeners.values()) {
            ObjectNode result = JsonCodec.object().put("resultType", "complete");
            result.putObject("_meta").set(SUBSCRIPTION_ID, JsonCodec.mapper().valueToTree(listener.id().value()));
            listener.sink().send(new JsonRpcMessage.Response(listener.id(), result));
            listener.sink().end();
        }
        listeners.clear();
    }

    /** Sends a notification to every open stream that asked for it ({@code uri} for resource updates, else null). */
    void publish(String method, String uri) {
        for (Listener listener : listeners.values()) {
            if (!listener.sink().isOpen()) {
                listeners.remove(listener.id());
                continue;
            }
            if (!listener.methods().contains(method) || (uri != null && !listener.resources().contains(uri))) {
                continue;
            }
            ObjectNode params = JsonCodec.object();
            if (uri != null) {
                params.put("uri", uri);
            }
            params.putObject("_meta").set(SUBSCRIPTION_ID, JsonCodec.mapper().valueToTree(listener.id().value()));
            listener.sink().send(new JsonRpcMessage.Notification(method, params));
        }
    }
}
