package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import dev.cairn.mcp.schema.CancelledParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client's {@code subscriptions/listen} streams in the stateless revision, where subscriptions and
 * list-change notifications arrive on long-lived requests instead of a session: one stream per resource or
 * list kind, opened when the application subscribes (returning once the server acknowledged it) and closed by
 * {@code notifications/cancelled} plus closing its connection.
 */
final class ListenStreams {
    private static final Logger log = LoggerFactory.getLogger(ListenStreams.class);

    private final Map<String, RequestId> streams = new ConcurrentHashMap<>();
    private final ClientTransport transport;
    private final ClientNotifications notifications;
    private final Supplier<RequestId> ids;
    private final Consumer<ObjectNode> stamp;
    private final Duration timeout;

    ListenStreams(ClientTransport transport, ClientNotifications notifications, Supplier<RequestId> ids,
                  Consumer<ObjectNode> stamp, Duration timeout) {
        this.transport = transport;
        this.notifications = notifications;
        this.ids = ids;
        this.stamp = stamp;
        this.timeout = timeout;
    }

    /** Opens the stream {@code key} with the notification {@code filter}, replacing one of that key. */
    void open(String key, ObjectNode filter) {
        RequestId id = ids.get();
        ObjectNode params = JsonCodec.object();
        params.set("notifications", filter);
        stamp.accept(params);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        String ackKey = String.valueOf(id.value());
        notifications.acknowledgements.put(ackKey, acknowledged);
        try {
            transport.send(new JsonRpcMessage.Request(id, "subscriptions/listen", params));
            acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            stop(id);
            throw new McpException("subscriptions/listen was not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(id);
            throw new McpException("subscriptions/listen was interrupted", e);
        } finally {
            notifications.acknowledgements.remove(ackKey);
        }
        RequestId previous = streams.put(key, id);
        if (previous != null) {
            stop(previous);
        }
    }

    /** Closes the stream {@code key}; false if there was none. */
    boolean close(String key) {
        RequestId id = streams.remove(key);
        if (id != null) {
            stop(id);
        }
        return id != null;
    }

    private void stop(RequestId id) {
        try {
            transport.send(new JsonRpcMessage.Notification("notifications/cancelled",
                    JsonCodec.toObject(new CancelledParams(id, "unsubscribed", null))));
        } catch (IOException | RuntimeException e) {
            log.debug("could not cancel listen stream {}", id, e);
        }
        transport.cancel(id);
    }
}
