package dev.cairn.llm;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ParallelTest {
    @Test
    void coversEveryRowOnce() {
        for (int count : new int[] {0, 1, 7, 1000, 4099}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(count);
            Parallel.forRows(count, 3, (from, to) -> {
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < count; i++) assertEquals(1, seen.get(i), "row " + i + " of " + count);
        }
    }

    @Test
    void rethrowsAWorkersFailure() {
        assumeTrue(Parallel.threads() > 1, "one compute thread: nothing runs on a worker");
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forRows(1000, 1, (from, to) -> {
            if (from > 0) throw new IllegalStateException("row " + from);
        }));
        assertTrue(e.getMessage().startsWith("row "), e.getMessage());
    }

    /** Other thread counts split the rows as many ways, each row once; a call from inside a chunk runs inline. */
    @Test
    void otherThreadCountsAndNestedCalls() {
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {3, 1, 2}) {
                Parallel.setThreads(threads);
                assertEquals(threads, Parallel.threads());
                AtomicIntegerArray seen = new AtomicIntegerArray(1000);
                java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
                Parallel.forRows(1000, 10, (from, to) -> {
                    names.add(Thread.currentThread().getName());
                    Parallel.forRows(to - from, 1, (a, b) -> {
                        for (int i = from + a; i < from + b; i++) seen.incrementAndGet(i);
                    });
                });
                for (int i = 0; i < 1000; i++) assertEquals(1, seen.get(i), "row " + i + " with " + threads + " threads");
                assertEquals(threads, names.size(), "threads that took a chunk");
            }
            assertThrows(LlmException.class, () -> Parallel.setThreads(0));
        } finally {
            Parallel.setThreads(before);
        }
    }
}
