package dev.cairn.mcp.transport;

import dev.cairn.mcp.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The live sessions of a Streamable HTTP server: unguessable ids, a cap on how many exist at once, and a
 * sweeper that ends sessions idle (no exchange, no open stream) longer than the idle timeout.
 */
final class HttpSessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpSessions.class);

    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final int maxSessions;
    private final long idleNanos;
    private final Thread sweeper;

    HttpSessions(int maxSessions, long idleNanos) {
        this.maxSessions = maxSessions;
        this.idleNanos = idleNanos;
        this.sweeper = Thread.ofVirtual().name("mcp-http-sweeper").start(this::sweep);
    }

    int maxSessions() {
        return maxSessions;
    }

    /** Registers an initialized session under a new id; null if the cap is reached. */
    HttpSession open(ServerSession session) {
        if (sessions.size() >= maxSessions) {
            return null;
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        HttpSession http = new HttpSession(id, session);
        sessions.put(id, http);
        return http;
    }

    HttpSession get(String id) {
        return sessions.get(id);
    }

    void end(HttpSession session) {
        sessions.remove(session.id());
        session.close();
    }

    int size() {
        return sessions.size();
    }

    private void sweep() {
        long period = Math.max(10, Math.min(TimeUnit.NANOSECONDS.toMillis(idleNanos) / 2, 60_000));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                for (HttpSession session : sessions.values()) {
                    if (session.idleFor(idleNanos) && sessions.remove(session.id(), session)) {
                        log.debug("session {} expired after being idle", session.id());
                        session.close();
                    }
                }
            }
        } catch (InterruptedException e) {
            // the server is closing
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
        sessions.values().forEach(HttpSession::close);
        sessions.clear();
    }
}
