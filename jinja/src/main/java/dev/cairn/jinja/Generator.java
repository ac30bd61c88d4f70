package dev.cairn.jinja;

import java.util.Iterator;

/**
 * A one-shot lazy sequence, what Python generators such as {@code map}, {@code select} or {@code items} return:
 * iterable once, truthy, without a length and not JSON serializable.
 */
final class Generator implements Iterator<Object> {
    private final Iterator<Object> source;
    /** Python's name for the type: {@code generator}, or an iterator type such as {@code list_reverseiterator}. */
    final String typeName;
    /** The function that made it, as generator reprs show. */
    final String function;

    Generator(String function, Iterator<Object> source) {
        this("generator", function, source);
    }

    Generator(String typeName, String function, Iterator<Object> source) {
        this.typeName = typeName;
        this.function = function;
        this.source = source;
    }

    @Override
    public String toString() {
        String what = typeName.equals("generator") ? "generator object " + function : typeName + " object";
        return "<" + what + " at 0x7f0000000000>";
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public Object next() {
        return source.next();
    }
}
