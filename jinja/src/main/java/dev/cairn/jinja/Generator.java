package dev.cairn.jinja;

import java.util.Iterator;

/**
 * A one-shot lazy sequence, what Python generators such as {@code map}, {@code select} or {@code items} return:
 * iterable once, truthy, without a length and not JSON serializable.
 */
final class Generator implements Iterator<Object> {
    private final Iterator<Object> source;
    final String function;

    Generator(String function, Iterator<Object> source) {
        this.function = function;
        this.source = source;
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
