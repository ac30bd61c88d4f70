package dev.cairn.mcp.transport;

import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A session's GET stream: server-initiated messages as SSE events, with keep-alive comments while idle. */
final class NotificationStream implements MessageSink {
    private static final Object END = new Object();
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void send(JsonRpcMessage message) {
        queue.add(message);
    }

    @Override
    public void end() {
        queue.add(END);
    }

    /** Writes events until the session ends or the client goes away. */
    void pump(Responses out) throws IOException {
        out.startEvents();
        out.comment("stream open");
        try {
            while (true) {
                Object next = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (next == END) {
                    return;
                }
                if (next == null) {
                    out.comment("keep-alive");
                } else {
                    out.event((JsonRpcMessage) next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
