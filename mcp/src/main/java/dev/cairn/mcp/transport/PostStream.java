package dev.cairn.mcp.transport;

import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

/** The session's sink for one POSTed request: everything it sends goes to the request's {@link EventStream}. */
record PostStream(EventStream stream) implements MessageSink {
    @Override
    public void send(JsonRpcMessage message) {
        stream.append(message);
    }

    @Override
    public void end() {
        stream.finish();
    }

    @Override
    public void suspend() {
        stream.suspend();
    }

    @Override
    public void onAbandoned(Runnable action) {
        stream.onAbandoned(action);
    }

    @Override
    public boolean isOpen() {
        return !stream.isAbandoned();
    }

    static boolean isAnswer(JsonRpcMessage message) {
        return message instanceof JsonRpcMessage.Response || message instanceof JsonRpcMessage.ErrorResponse;
    }
}
