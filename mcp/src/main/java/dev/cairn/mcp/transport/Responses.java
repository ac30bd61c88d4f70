package dev.cairn.mcp.transport;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the HTTP answers of the Streamable HTTP transport: statuses, one JSON message, or an SSE stream. */
final class Responses {
    private final HttpCall call;
    private OutputStream sse;
    private HttpSession session;

    Responses(HttpCall call) {
        this.call = call;
    }

    HttpCall call() {
        return call;
    }

    /** The session this exchange belongs to, once known (so its activity can be tracked). */
    HttpSession session() {
        return session;
    }

    void session(HttpSession session) {
        this.session = session;
    }

    /** A status with no body (or a plain-text one). */
    void status(int status, String text) throws IOException {
        if (text == null) {
            call.sendHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        call.responseHeader("Content-Type", "text/plain; charset=utf-8");
        call.sendHeaders(status, bytes.length).write(bytes);
    }

    /** A JSON-RPC error response without an id, as the transport's HTTP errors carry. */
    void error(int status, int code, String message) throws IOException {
        json(status, new JsonRpcMessage.ErrorResponse(null, new JsonRpcError(code, message)));
    }

    void json(int status, JsonRpcMessage message) throws IOException {
        byte[] bytes = JsonCodec.writeBytes(message);
        call.responseHeader("Content-Type", "application/json");
        call.sendHeaders(status, bytes.length).write(bytes);
    }

    /** Starts a {@code text/event-stream} answer; {@link #event} then writes to it. */
    void startEvents() throws IOException {
        call.responseHeader("Content-Type", "text/event-stream");
        call.responseHeader("Cache-Control", "no-cache");
        sse = call.sendHeaders(200, 0);
        sse.flush();
    }

    /** One message as an SSE event, with an id if the stream is resumable. */
    void event(String id, JsonRpcMessage message) throws IOException {
        write((id == null ? "" : "id: " + id + "\n") + "event: message\ndata: " + JsonCodec.write(message) + "\n\n");
    }

    /** The event that opens a resumable stream: an id to resume from, the reconnection delay, and no data. */
    void priming(String id, long retryMillis) throws IOException {
        write("id: " + id + "\nretry: " + retryMillis + "\ndata: \n\n");
    }

    /** Tells the client how long to wait before reconnecting, just before the server closes the connection. */
    void retry(long retryMillis) throws IOException {
        write("retry: " + retryMillis + "\n\n");
    }

    /** An SSE comment: keeps idle connections alive and finds dead ones. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private void write(String text) throws IOException {
        sse.write(text.getBytes(StandardCharsets.UTF_8));
        sse.flush();
    }
}
