package dev.cairn.mcp.transport;

import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The answer to one POSTed request. If the first thing the handler sends is the response, it goes back as
 * {@code application/json}; if a notification comes first (progress, logs), the answer becomes an SSE stream
 * that carries them and ends with the response.
 */
final class PostStream implements MessageSink {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean finished;

    @Override
    public void send(JsonRpcMessage message) {
        if (!finished) {
            queue.add(message);
        }
    }

    @Override
    public void end() {
        queue.add(END);
    }

    /** Waits for the final answer, skipping anything sent before it; null if the request ended without one. */
    JsonRpcMessage awaitAnswer() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == END) {
                    return null;
                }
                if (isAnswer(next)) {
                    return (JsonRpcMessage) next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            finished = true;
        }
    }

    void respond(Responses out) throws IOException {
        try {
            Object first = queue.take();
            if (first == END) {
                out.status(202, null);
                return;
            }
            if (isAnswer(first)) {
                out.json(200, (JsonRpcMessage) first);
                return;
            }
            out.startEvents();
            Object next = first;
            while (next != END) {
                out.event((JsonRpcMessage) next);
                if (isAnswer(next)) {
                    return;
                }
                next = queue.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
            queue.clear();
        }
    }

    private static boolean isAnswer(Object message) {
        return message instanceof JsonRpcMessage.Response || message instanceof JsonRpcMessage.ErrorResponse;
    }
}
