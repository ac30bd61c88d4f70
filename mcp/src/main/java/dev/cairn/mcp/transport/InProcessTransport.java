package dev.cairn.mcp.transport;

import dev.cairn.mcp.ClientTransport;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.ServerSession;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

/**
 * Connects a client to a server in the same JVM, without sockets or pipes. Every message is still written
 * and parsed as JSON, so client and server share no mutable state and see exactly what a wire would carry.
 */
public final class InProcessTransport implements ClientTransport {
    private final ServerSession session;
    private volatile Listener listener;

    private InProcessTransport(ServerSession session) {
        this.session = session;
    }

    /** A transport to a new session of {@code server}; pass it to {@code McpClient.builder().connect(...)}. */
    public static InProcessTransport to(McpServer server) {
        return new InProcessTransport(server.newSession());
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        session.setNotificationSink(this::deliver);
    }

    private void deliver(JsonRpcMessage message) {
        listener.message(JsonCodec.parse(JsonCodec.writeBytes(message)));
    }

    @Override
    public void send(JsonRpcMessage message) {
        if (session.isClosed()) {
            throw new IllegalStateException("in-process session is closed");
        }
        MessageSink replies = this::deliver;
        session.receive(JsonCodec.parse(JsonCodec.writeBytes(message)), replies);
    }

    @Override
    public void close() {
        session.close();
    }
}
