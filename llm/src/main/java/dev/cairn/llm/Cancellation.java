package dev.cairn.llm;

/** A flag another thread (or the listener itself) raises to stop a generation before its next token. */
public final class Cancellation {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
