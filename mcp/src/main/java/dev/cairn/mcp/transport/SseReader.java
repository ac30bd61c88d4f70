package dev.cairn.mcp.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a {@code text/event-stream} (WHATWG server-sent events): one {@link Event} per blank-line-terminated block. */
final class SseReader implements AutoCloseable {
    /** One event: its type ({@code message} unless named), data lines joined by newlines, id and retry (or null). */
    record Event(String type, String data, String id, Long retry) {
    }

    private final BufferedReader reader;

    SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String type = null;
        StringBuilder data = null;
        String id = null;
        Long retry = null;
        boolean any = false;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    return new Event(type == null ? "message" : type, data == null ? "" : data.toString(), id, retry);
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            any = true;
            switch (field) {
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> id = value;
                case "retry" -> {
                    try {
                        retry = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        // ignored, as the SSE standard says
                    }
                }
                default -> {
                    // unknown fields are ignored
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
