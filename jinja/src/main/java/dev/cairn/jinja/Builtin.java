package dev.cairn.jinja;

/** A global function: {@code raise_exception}, {@code strftime_now}, {@code namespace}, {@code range}, {@code dict}. */
record Builtin(String name, Body body) {
    interface Body {
        Object call(Args args);
    }
}
