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
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastActive = System.nanoTime();
    private volatile String principal;

    HttpSession(String id, ServerSession session) {
        this.id = id;
        this.session = session;
        session.setNotificationSink(this);
    }

    /** Binds the session to the principal of the token that created it (null: not bound). */
    void bind(String principal) {
        this.principal = principal;
    }

    /** True if a request on behalf of {@code requester} may use this session. */
    boolean admits(String requester) {
        return principal == null || principal.equals(requester);
    }

    String id() {
        return id;
    }

    /** An exchange of this session starts; the session is not idle until every one has ended. */
    void enter() {
        busy.incrementAndGet();
        lastActive = System.nanoTime();
    }

    void exit() {
        lastActive = System.nanoTime();
        busy.decrementAndGet();
    }

    /** True if no exchange is running and none ran for {@code idleNanos}. */
    boolean idleFor(long idleNanos) {
        return busy.get() == 0 && System.nanoTime() - lastActive > idleNanos;
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
