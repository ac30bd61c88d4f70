package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.llm.Cancellation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream on an exchange: each event is written and flushed at once. When the client has gone
 * (a write fails) the stream raises the generation's {@link Cancellation}, so a disconnect stops the model, and
 * later events are dropped. Safe to use from the thread that generates and the one that handles the request.
 */
final class SseStream {
    private final OutputStream out;
    private final Cancellation cancellation;
    private boolean open = true;

    SseStream(HttpExchange exchange, Cancellation cancellation) throws IOException {
        this.cancellation = cancellation;
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-cache");
        h.set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        this.out = exchange.getResponseBody();
    }

    /** Writes {@code data: <json>} (and an {@code event:} line when {@code event} is not null). */
    synchronized boolean send(String event, Object data) {
        if (!open) return false;
        String json = data instanceof String s ? s : Exchanges.JSON.writeValueAsString(data);
        String frame = (event == null ? "" : "event: " + event + "\n") + "data: " + json + "\n\n";
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            open = false;
            cancellation.cancel();
            return false;
        }
    }

    boolean send(Object data) {
        return send(null, data);
    }

    synchronized boolean isOpen() {
        return open;
    }

    synchronized void close() {
        if (!open) return;
        open = false;
        try {
            out.close();
        } catch (IOException e) {
            cancellation.cancel();
        }
    }
}
