package dev.cairn.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ShutdownHook} without a real SIGTERM (ServeCommandTest sends one to a serving process). */
class ShutdownHookTest {
    @Test
    void closingTwiceReleasesOnce() {
        AtomicInteger releases = new AtomicInteger();
        ShutdownHook stop = new ShutdownHook("test-shutdown", releases::incrementAndGet);
        stop.close();
        stop.close();
        assertEquals(1, releases.get());
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        AtomicInteger releases = new AtomicInteger();
        try (ShutdownHook stop = new ShutdownHook("test-shutdown", releases::incrementAndGet)) {
            Thread.currentThread().interrupt();
            stop.awaitStop();
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertEquals(0, releases.get(), "nothing released before the command ends");
        }
        assertEquals(1, releases.get());
    }

    @Test
    void aFailingReleaseIsNotRetried() {
        AtomicInteger releases = new AtomicInteger();
        ShutdownHook stop = new ShutdownHook("test-shutdown", () -> {
            releases.incrementAndGet();
            throw new IllegalStateException("port already closed");
        });
        assertThrows(IllegalStateException.class, stop::close);
        stop.close();
        assertEquals(1, releases.get());
    }
}
