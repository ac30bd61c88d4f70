package dev.cairn.server;

import dev.cairn.llm.Cancellation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Admission to the model: at most {@code running} generations at once and {@code queued} more waiting; a request
 * beyond that gets 503 with Retry-After instead of an unbounded wait. Every admitted generation's
 * {@link Cancellation} is known, so shutdown can cancel what is still running.
 */
final class GenerationGate {
    private final Semaphore admitted;
    private final Semaphore slots;
    private final Set<Cancellation> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    GenerationGate(int running, int queued) {
        if (running < 1 || queued < 0) throw new IllegalArgumentException("running must be >= 1 and queued >= 0");
        this.admitted = new Semaphore(running + queued);
        this.slots = new Semaphore(running, true);
    }

    /** A place in line, or 503 when the queue is full or the server is shutting down. */
    Ticket enter(Cancellation cancellation) {
        if (closed) throw unavailable("the server is shutting down");
        if (!admitted.tryAcquire()) throw unavailable("the generation queue is full; retry shortly");
        inFlight.add(cancellation);
        return new Ticket(cancellation);
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Refuses new generations from now on. */
    void close() {
        closed = true;
    }

    void cancelAll() {
        inFlight.forEach(Cancellation::cancel);
    }

    private static ServerException unavailable(String message) {
        return new ServerException(503, "server_error", null, "overloaded", message);
    }

    final class Ticket implements AutoCloseable {
        private final Cancellation cancellation;
        private boolean running;
        private boolean done;

        private Ticket(Cancellation cancellation) {
            this.cancellation = cancellation;
        }

        /** Waits for a generation slot. */
        void awaitSlot() {
            try {
                slots.acquire();
                running = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
                throw unavailable("interrupted while waiting for the model");
            }
        }

        @Override
        public void close() {
            if (done) return;
            done = true;
            if (running) slots.release();
            running = false;
            inFlight.remove(cancellation);
            admitted.release();
        }
    }
}
