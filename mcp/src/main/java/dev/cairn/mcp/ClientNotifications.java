package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.LoggingMessageParams;
import dev.cairn.mcp.schema.ProgressParams;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Routes the server's notifications to the client's listeners: progress to the request that asked for it,
 * log messages, {@code resources/updated} to the subscriber of that URI, list changes to their listeners,
 * and anything else to the general listener. Listeners run on a transport thread.
 */
final class ClientNotifications {
    private static final Logger log = LoggerFactory.getLogger(ClientNotifications.class);

    final Map<RequestId, Consumer<ProgressParams>> progress = new ConcurrentHashMap<>();
    final Map<String, Consumer<String>> resourceUpdates = new ConcurrentHashMap<>();
    final Map<String, List<Runnable>> listChanges = new ConcurrentHashMap<>();
    private final Consumer<LoggingMessageParams> logListener;
    volatile Consumer<JsonRpcMessage.Notification> other;
    /** Open {@code subscriptions/listen} requests waiting for their acknowledgement, by request id. */
    final Map<String, java.util.concurrent.CompletableFuture<Void>> acknowledgements = new ConcurrentHashMap<>();

    ClientNotifications(Consumer<LoggingMessageParams> logListener) {
        this.logListener = logListener;
    }

    /** Registers a listener for {@code notifications/<kind>/list_changed} (tools, resources, prompts). */
    void onListChanged(String kind, Runnable listener) {
        listChanges.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void dispatch(JsonRpcMessage.Notification n) {
        try {
            switch (n.method()) {
                case "notifications/progress" -> {
                    ProgressParams params = JsonCodec.result(n.params(), ProgressParams.class);
                    Consumer<ProgressParams> listener = progress.get(params.progressToken());
                    if (listener != null) {
                        listener.accept(params);
                    }
                }
                case "notifications/message" -> {
                    if (logListener != null) {
                        logListener.accept(JsonCodec.result(n.params(), LoggingMessageParams.class));
                    }
                }
                case "notifications/resources/updated" -> {
                    String uri = n.params() == null ? null : n.params().path("uri").asString(null);
                    Consumer<String> listener = uri == null ? null : resourceUpdates.get(uri);
                    if (listener != null) {
                        listener.accept(uri);
                    }
                    passOn(n);
                }
                case "notifications/tools/list_changed", "notifications/resources/list_changed",
                     "notifications/prompts/list_changed" -> {
                    String kind = n.method().substring("notifications/".length(), n.method().lastIndexOf('/'));
                    listChanges.getOrDefault(kind, List.of()).forEach(Runnable::run);
                    passOn(n);
                }
                case "notifications/subscriptions/acknowledged" -> {
                    JsonNode id = n.params() == null ? null : n.params().path("_meta").get(Subscriptions.SUBSCRIPTION_ID);
                    var waiting = id == null ? null : acknowledgements.remove(id.asString());
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                }
                default -> passOn(n);
            }
        } catch (RuntimeException e) {
            log.debug("ignoring malformed notification {} (or its listener failed): {}", n.method(), e.getMessage());
        }
    }

    private void passOn(JsonRpcMessage.Notification n) {
        Consumer<JsonRpcMessage.Notification> listener = other;
        if (listener != null) {
            listener.accept(n);
        } else {
            log.debug("ignoring notification {}", n.method());
        }
    }
}
