package dev.cairn.mcp.transport;

import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.ServerSession;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A Streamable HTTP session: its id, the protocol session, and its GET stream if one is open. Messages the
 * server sends while no GET stream is open are kept (up to a bound) and delivered when one opens, so a
 * notification sent right after the handshake is not lost to the race with the client's GET.
 */
final class HttpSession implements MessageSink {
    private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
    private static final int MAX_PENDING = 1000;

    private final String id;
    private final ServerSession session;
    private final Deque<JsonRpcMessage> pending = new ArrayDeque<>();
    private NotificationStream stream;

    HttpSession(String id, ServerSession session) {
        this.id = id;
        this.session = session;
        session.setNotificationSink(this);
    }

    String id() {
        return id;
    }

    ServerSession session() {
        return session;
    }

    @Override
    public synchronized void send(JsonRpcMessage message) {
        if (stream != null) {
            stream.send(message);
            return;
        }
        if (pending.size() == MAX_PENDING) {
            log.debug("session {}: no GET stream, dropping the oldest undelivered message", id);
            pending.removeFirst();
        }
        pending.addLast(message);
    }

    /** Makes {@code stream} the session's GET stream; false if one is already open. */
    synchronized boolean openStream(NotificationStream stream) {
        if (this.stream != null || session.isClosed()) {
            return false;
        }
        this.stream = stream;
        while (!pending.isEmpty()) {
            stream.send(pending.removeFirst());
        }
        return true;
    }

    synchronized void closeStream(NotificationStream stream) {
        if (this.stream == stream) {
            this.stream = null;
        }
    }

    synchronized void close() {
        session.close();
        if (stream != null) {
            stream.end();
        }
        pending.clear();
    }
}
