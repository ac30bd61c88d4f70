package dev.cairn.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code cairn serve} and {@code cairn mcp serve} stop: a JVM shutdown hook (SIGTERM, Ctrl-C) that releases
 * what the command holds, and {@link #close} doing the same when the command ends by itself (stdin closed, an
 * error, an interrupt in tests). The release runs once, whichever comes first.
 */
final class ShutdownHook implements AutoCloseable {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    /** Registers the hook; {@code threadName} names it in thread dumps. */
    ShutdownHook(String threadName, Runnable release) {
        this.release = release;
        this.hook = new Thread(() -> {
            releaseOnce();
            stopped.countDown();
        }, threadName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until the JVM is asked to stop and the release has run, or the thread is interrupted (in-process tests). */
    void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unregisters the hook (unless it is already running) and releases, if that has not happened yet. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        releaseOnce();
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) release.run();
    }
}
