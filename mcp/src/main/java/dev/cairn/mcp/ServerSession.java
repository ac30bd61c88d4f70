package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

/**
 * One client's session with an {@link McpServer}, independent of transport. A transport feeds it the messages
 * it reads and tells it where answers go; requests run concurrently on virtual threads.
 */
public interface ServerSession extends AutoCloseable {

    /**
     * Handles one incoming message. Returns at once; answers to a request arrive later on {@code replies}.
     * Responses from the client and notifications get no answer.
     */
    void receive(JsonRpcMessage message, MessageSink replies);

    /** Where messages unrelated to any request go (log messages outside a request, list-changed notifications). */
    void setNotificationSink(MessageSink sink);

    /** The protocol revision agreed in the handshake, or null before {@code initialize}. */
    String protocolVersion();

    boolean isInitialized();

    /** Cancels every running request and refuses further ones. */
    @Override
    void close();

    boolean isClosed();
}
