package dev.cairn.llm;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a range of matrix rows across a fixed pool of platform threads, one chunk per thread, the caller
 * taking the first. Sized to the cores ({@code -Dcairn.llm.threads=N} to change); virtual threads would not
 * help compute-bound kernels.
 */
final class Parallel {
    private Parallel() {}

    static final int THREADS = Math.max(1, Integer.getInteger("cairn.llm.threads", Runtime.getRuntime().availableProcessors()));

    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "cairn-llm-compute");
        t.setDaemon(true);
        return t;
    });

    /** Work on rows {@code [from, to)}. */
    interface Rows {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, count)}, in parallel when there are at least {@code minRows} rows per thread. */
    static void forRows(int count, int minRows, Rows body) {
        int tasks = Math.min(THREADS, Math.max(1, count / Math.max(1, minRows)));
        if (tasks == 1) {
            body.run(0, count);
            return;
        }
        Future<?>[] pending = new Future<?>[tasks - 1];
        for (int t = 1; t < tasks; t++) {
            int from = (int) ((long) count * t / tasks), to = (int) ((long) count * (t + 1) / tasks);
            pending[t - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) count / tasks));
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new LlmException("a compute thread failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException("interrupted while computing", e);
            }
        }
    }
}
