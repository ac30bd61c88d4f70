package dev.cairn.mcp.transport;

import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.ServerSession;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Streamable HTTP session: its id, the protocol session and its SSE streams. Messages not tied to a request
 * go to the standalone stream (id {@code 0}), which keeps them until a GET connection takes them, so a
 * notification sent right after the handshake is not lost to the race with the client's GET. The newest
 * streams are kept for resumption; the oldest are forgotten past {@link #MAX_STREAMS}.
 */
final class HttpSession implements MessageSink {
    static final int MAX_STREAMS = 256;
    private static final int STANDALONE_CAPACITY = 1000;
    private static final int REQUEST_CAPACITY = 10_000;

    private final String id;
    private final ServerSession session;
    private final EventStream standalone = new EventStream("0", STANDALONE_CAPACITY);
    private final Map<String, EventStream> streams = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventStream> eldest) {
            return size() > MAX_STREAMS;
        }
    };
    private long nextStream = 1;

    HttpSession(String id, ServerSession session) {
        this.id = id;
        this.session = session;
        session.setNotificationSink(this);
    }

    String id() {
        return id;
    }

    ServerSession session() {
        return session;
    }

    @Override
    public void send(JsonRpcMessage message) {
        standalone.append(message);
    }

    EventStream standalone() {
        return standalone;
    }

    /** A new stream for a POSTed request. */
    synchronized EventStream newStream() {
        EventStream stream = new EventStream(Long.toString(nextStream++), REQUEST_CAPACITY);
        streams.put(stream.id(), stream);
        return stream;
    }

    /** The stream an event id belongs to, or null. */
    synchronized EventStream streamOf(String streamId) {
        return "0".equals(streamId) ? standalone : streams.get(streamId);
    }

    synchronized void forget(EventStream stream) {
        streams.remove(stream.id());
    }

    synchronized void close() {
        session.close();
        standalone.finish();
        streams.values().forEach(EventStream::finish);
    }
}
