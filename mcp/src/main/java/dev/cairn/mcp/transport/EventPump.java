package dev.cairn.mcp.transport;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.io.IOException;

/**
 * Moves an {@link EventStream}'s events onto one HTTP connection as server-sent events: ids and the retry
 * delay when the stream is resumable, keep-alive comments while idle.
 */
final class EventPump {
    private static final long WAIT_MILLIS = 15_000;

    private final long retryMillis;
    private final long keepAliveMillis;

    EventPump(long retryMillis, long keepAliveMillis) {
        this.retryMillis = retryMillis;
        this.keepAliveMillis = keepAliveMillis;
    }

    /**
     * Writes a stream's events to one connection until the request is answered, the stream ends, a newer
     * connection takes over, or the handler suspends the stream (then the client is told when to come back).
     */
    void pump(Responses out, EventStream stream, EventStream.Next pending, long after, int generation,
              boolean resumable, boolean endsWithAnswer) throws IOException {
        EventStream.Next next = pending;
        try {
            while (true) {
                if (next == null) {
                    next = stream.next(after, generation, keepAliveMillis);
                }
                switch (next.kind()) {
                    case EVENT -> {
                        out.event(resumable ? stream.eventId(next.seq()) : null, next.message());
                        after = next.seq();
                        if (endsWithAnswer && PostStream.isAnswer(next.message())) {
                            return;
                        }
                    }
                    case IDLE -> out.comment("keep-alive");
                    case SUSPENDED -> {
                        if (resumable) {
                            out.retry(retryMillis);
                            return;
                        }
                    }
                    case FINISHED, SUPERSEDED -> {
                        return;
                    }
                }
                next = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resumable streams (event ids, priming event, retry) are for clients of 2025-11-25 and later. */
    static boolean resumable(HttpSession session) {
        String version = session.session().protocolVersion();
        return version != null && version.compareTo("2025-11-25") >= 0;
    }

    static JsonRpcMessage awaitAnswer(EventStream stream) throws InterruptedException {
        int generation = stream.attach();
        long after = 0;
        while (true) {
            EventStream.Next next = stream.next(after, generation, WAIT_MILLIS);
            switch (next.kind()) {
                case EVENT -> {
                    if (PostStream.isAnswer(next.message())) {
                        return next.message();
                    }
                    after = next.seq();
                }
                case FINISHED, SUPERSEDED -> {
                    return null;
                }
                default -> {
                    // keep waiting
                }
            }
        }
    }
}
