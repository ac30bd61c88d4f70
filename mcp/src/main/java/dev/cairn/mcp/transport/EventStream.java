package dev.cairn.mcp.transport;

import dev.cairn.mcp.jsonrpc.JsonRpcMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One logical SSE stream of a session (a POSTed request's messages, or the session's standalone stream),
 * kept apart from the HTTP connections that carry it: messages are numbered and logged (up to a bound), so a
 * client whose connection closed can resume with {@code Last-Event-ID} and get what it missed, on this stream
 * only. Event ids are {@code <stream id>-<sequence>}, unique within the session.
 */
final class EventStream {
    enum Kind { EVENT, FINISHED, SUSPENDED, SUPERSEDED, IDLE }

    /** What a connection should do next: write {@code message} as event {@code seq}, or stop, or keep alive. */
    record Next(Kind kind, long seq, JsonRpcMessage message) {
    }

    private final String id;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<JsonRpcMessage> log = new ArrayList<>();
    private long firstSeq = 1;
    private long lastSeq;
    private long delivered;
    private boolean finished;
    private boolean suspended;
    private int generation;
    private boolean connected;
    private volatile boolean abandoned;
    private volatile boolean gone;
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> abandonActions = new java.util.concurrent.ConcurrentLinkedQueue<>();

    EventStream(String id, int capacity) {
        this.id = id;
        this.capacity = capacity;
    }

    String id() {
        return id;
    }

    String eventId(long seq) {
        return id + "-" + seq;
    }

    /** The stream id and sequence of an event id, or null if it is not one of ours. */
    static String[] parseEventId(String eventId) {
        int dash = eventId == null ? -1 : eventId.lastIndexOf('-');
        if (dash <= 0 || dash == eventId.length() - 1) {
            return null;
        }
        try {
            Long.parseLong(eventId.substring(dash + 1));
            return new String[]{eventId.substring(0, dash), eventId.substring(dash + 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void append(JsonRpcMessage message) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            log.add(message);
            lastSeq++;
            if (log.size() > capacity) {
                log.remove(0);
                firstSeq++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more messages: the request was answered or cancelled, or the session ended. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the connection now carrying the stream to close, leaving the stream open for a reconnect. */
    void suspend() {
        lock.lock();
        try {
            suspended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A new connection takes over the stream; any older one stops at its next step. Returns its generation. */
    int attach() {
        lock.lock();
        try {
            generation++;
            connected = true;
            suspended = false;
            changed.signalAll();
            return generation;
        } finally {
            lock.unlock();
        }
    }

    void detach(int generation) {
        lock.lock();
        try {
            if (this.generation == generation) {
                connected = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** No connection will ever carry this stream again (a sessionless request, answered or with its client gone). */
    void abandon() {
        abandoned = true;
    }

    /** The client went away before the answer: also runs the {@link #onAbandoned} actions (cancelling the work). */
    void abandonUnanswered() {
        abandoned = true;
        gone = true;
        Runnable action;
        while ((action = abandonActions.poll()) != null) {
            action.run();
        }
    }

    /** Registers what {@link #abandonUnanswered} runs; runs it at once if that already happened. */
    void onAbandoned(Runnable action) {
        abandonActions.add(action);
        if (gone) {
            Runnable queued;
            while ((queued = abandonActions.poll()) != null) {
                queued.run();
            }
        }
    }

    boolean isAbandoned() {
        return abandoned;
    }

    boolean isConnected() {
        lock.lock();
        try {
            return connected;
        } finally {
            lock.unlock();
        }
    }

    /** The sequence number up to which events were written to some connection. */
    long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMillis} for what comes after event {@code after}, for the connection of {@code generation}. */
    Next next(long after, int generation, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                if (generation != this.generation) {
                    return new Next(Kind.SUPERSEDED, after, null);
                }
                if (suspended) {
                    suspended = false;
                    return new Next(Kind.SUSPENDED, after, null);
                }
                if (lastSeq > after) {
                    long seq = Math.max(after + 1, firstSeq);
                    JsonRpcMessage message = log.get((int) (seq - firstSeq));
                    delivered = Math.max(delivered, seq);
                    return new Next(Kind.EVENT, seq, message);
                }
                if (finished) {
                    return new Next(Kind.FINISHED, after, null);
                }
                if (nanos <= 0) {
                    return new Next(Kind.IDLE, after, null);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
