package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.io.IOException;

/** How an {@link McpClient} reaches a server: stdio of a child process, Streamable HTTP, or in-process. */
public interface ClientTransport extends AutoCloseable {

    /** Receives what the server sends, on the transport's own threads. */
    interface Listener {
        void message(JsonRpcMessage message);

        /** The connection ended; no more messages will arrive. */
        void closed(String reason);
    }

    /** Opens the connection. Called once, before any {@link #send}. */
    void start(Listener listener) throws IOException;

    /** Sends one message; answers arrive through the listener. */
    void send(JsonRpcMessage message) throws IOException;

    /** Told the protocol revision once the handshake agreed on it (HTTP sends it as a header from then on). */
    default void protocolVersion(String version) {
    }

    /** Told the tools the server listed (2026-07-28 HTTP mirrors some of their arguments into headers). */
    default void tools(java.util.List<dev.cairn.mcp.schema.Tool> tools) {
    }

    /**
     * Stops carrying a request whose answer is no longer wanted (a {@code subscriptions/listen} stream the client
     * closes): HTTP closes that request's connection; other transports rely on {@code notifications/cancelled}.
     */
    default void cancel(dev.cairn.mcp.jsonrpc.RequestId id) {
    }

    @Override
    void close();
}
