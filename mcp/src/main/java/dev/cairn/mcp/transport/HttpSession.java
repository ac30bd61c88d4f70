package dev.cairn.mcp.transport;

import dev.cairn.mcp.ServerSession;

/** A Streamable HTTP session: its id, the protocol session, and its GET stream if one is open. */
final class HttpSession {
    private final String id;
    private final ServerSession session;
    private NotificationStream stream;

    HttpSession(String id, ServerSession session) {
        this.id = id;
        this.session = session;
    }

    String id() {
        return id;
    }

    ServerSession session() {
        return session;
    }

    /** Makes {@code stream} the session's GET stream; false if one is already open. */
    synchronized boolean openStream(NotificationStream stream) {
        if (this.stream != null || session.isClosed()) {
            return false;
        }
        this.stream = stream;
        session.setNotificationSink(stream);
        return true;
    }

    synchronized void closeStream(NotificationStream stream) {
        if (this.stream == stream) {
            this.stream = null;
            session.setNotificationSink(null);
        }
    }

    synchronized void close() {
        session.close();
        if (stream != null) {
            stream.end();
        }
    }
}
