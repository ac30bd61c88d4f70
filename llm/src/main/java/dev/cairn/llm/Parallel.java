package dev.cairn.llm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of matrix rows across a fixed set of platform threads, one chunk per thread, the caller taking
 * the first. Sized to the cores ({@code -Dcairn.llm.threads=N} or {@link #setThreads} to change); virtual threads
 * would not help compute-bound kernels.
 *
 * <p>A decode step hands out over a hundred matrices, each taking well under a millisecond, so the hand-over must
 * cost microseconds: the workers spin for a short while after each chunk waiting for the next one (a new
 * {@code generation}) before they park, and nothing is allocated per call. One call at a time uses the workers;
 * a call made while they are busy (another session, or from inside a chunk) runs on its caller alone.
 */
public final class Parallel {
    private Parallel() {}

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static volatile Pool pool = new Pool(Math.max(1, Integer.getInteger("cairn.llm.threads",
            Runtime.getRuntime().availableProcessors())));

    /** Work on rows {@code [from, to)}. */
    interface Rows {
        void run(int from, int to);
    }

    /** The number of compute threads, the caller included. */
    public static int threads() {
        return pool.threads;
    }

    /** Uses {@code threads} compute threads (the caller included) from now on. */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) throw new LlmException("compute threads must be at least 1, not " + threads);
        if (threads == pool.threads) return;
        Pool old = pool;
        pool = new Pool(threads);
        old.shutdown();
    }

    /** Runs {@code body} over {@code [0, count)}, in parallel when there are at least {@code minRows} rows per thread. */
    static void forRows(int count, int minRows, Rows body) {
        pool.forRows(count, minRows, body);
    }

    private static final class Pool {
        final int threads;
        private final Thread[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger pending = new AtomicInteger();
        private volatile long generation;
        private volatile boolean stopped;
        // the current call, published by the write of generation
        private Rows body;
        private int count, tasks;
        private volatile Throwable failure;

        Pool(int threads) {
            this.threads = threads;
            workers = new Thread[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                int index = i + 1;
                Thread t = new Thread(() -> work(index), "cairn-llm-compute-" + index);
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread t : workers) LockSupport.unpark(t);
        }

        void forRows(int count, int minRows, Rows body) {
            int tasks = Math.min(threads, Math.max(1, count / Math.max(1, minRows)));
            if (tasks == 1 || !busy.compareAndSet(false, true)) {
                body.run(0, count);
                return;
            }
            try {
                this.body = body;
                this.count = count;
                this.tasks = tasks;
                failure = null;
                // every worker acknowledges every call (those without a chunk too), so none lags a call behind
                pending.set(workers.length);
                generation++; // publishes the fields above
                for (Thread w : workers) LockSupport.unpark(w);
                Throwable mine = null;
                try {
                    body.run(0, (int) ((long) count / tasks));
                } catch (Throwable t) {
                    mine = t;
                }
                long spins = 0;
                while (pending.get() > 0) {
                    if (++spins < 20_000) Thread.onSpinWait();
                    else Thread.yield();
                }
                this.body = null;
                Throwable f = mine != null ? mine : failure;
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                if (f != null) throw new LlmException("a compute thread failed: " + f, f);
            } finally {
                busy.set(false);
            }
        }

        private void work(int index) {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                long g;
                // a call already published is served even when the pool is being replaced
                while ((g = generation) == seen) {
                    if (stopped) return;
                    if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                seen = g;
                try {
                    if (index >= tasks) continue;
                    int from = (int) ((long) count * index / tasks), to = (int) ((long) count * (index + 1) / tasks);
                    body.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }
}
