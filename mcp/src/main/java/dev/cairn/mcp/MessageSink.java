package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

/**
 * Where a session's outgoing messages go. A transport hands one to {@link ServerSession#receive} per incoming
 * message: for a request it gets any related notifications, then the response, then {@link #end()} (only
 * {@code end()} if the request was cancelled).
 */
@FunctionalInterface
public interface MessageSink {
    void send(JsonRpcMessage message);

    /** No more messages will be sent for this request. */
    default void end() {
    }

    /**
     * Closes the connection now carrying the messages without ending the stream, so the client reconnects
     * later and resumes (Streamable HTTP polling); transports without such connections ignore it.
     */
    default void suspend() {
    }

    /** False once the transport can no longer deliver (the client went away); long-lived streams then end. */
    default boolean isOpen() {
        return true;
    }

    /**
     * Runs {@code action} if the client goes away before this request is answered and nothing can carry its
     * answer any more (a sessionless HTTP request whose connection closed): the request's work is then
     * cancelled. Transports that cannot tell, or whose clients may come back, ignore it.
     */
    default void onAbandoned(Runnable action) {
    }
}
