package dev.cairn.core.fuzz;

import dev.cairn.core.CairnException;

import java.util.Arrays;

/**
 * The property every fuzz target in Cairn checks: parsing hostile input ends in a result or in the module's
 * documented {@link CairnException} subclass with a message a user can read. Any other throwable escapes to
 * the fuzzer and becomes a finding: a {@code NullPointerException}, an {@code IndexOutOfBoundsException}, an
 * {@code OutOfMemoryError} (the fuzz JVM runs with a small heap, so an allocation sized by a length field in
 * the input shows up), a {@code StackOverflowError}. Hangs are caught by the fuzzer's per-input timeout and by
 * JUnit's {@code @Timeout} in regression mode.
 */
public final class FuzzProperty {
    private FuzzProperty() {
    }

    /** A step that may throw {@code expected}; anything else propagates. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step}; returns normally when it succeeds or throws an instance of one of {@code expected} whose
     * message is not blank, and rethrows anything else (wrapped when checked) so the fuzzer reports it.
     */
    @SafeVarargs
    public static void endsInResultOr(Step step, Class<? extends CairnException>... expected) {
        try {
            step.run();
        } catch (CairnException e) {
            if (Arrays.stream(expected).noneMatch(c -> c.isInstance(e))) {
                throw new AssertionError("expected one of " + Arrays.toString(expected) + ", got " + e, e);
            }
            String m = e.getMessage();
            if (m == null || m.isBlank()) throw new AssertionError(e.getClass().getSimpleName() + " without a message", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checked exception escaped: " + e, e);
        }
    }
}
