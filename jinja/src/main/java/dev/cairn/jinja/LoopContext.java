package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code loop} variable of a for loop, and the loop's cursor. Like Jinja2's, it pulls items lazily (a loop's
 * {@code if} filter runs as the loop advances) and reads ahead only when asked for {@code last}, {@code nextitem},
 * {@code length} or {@code revindex}.
 */
final class LoopContext {
    private static final Object NONE = new Object();

    private final Iterator<Object> source;
    private final List<Object> ahead = new ArrayList<>();
    private final int knownLength;
    private int index0 = -1;
    private Object previous = NONE;
    private Object current = NONE;

    /** @param knownLength the number of items when the iterable has a length, else -1 */
    LoopContext(Iterator<Object> source, int knownLength) {
        this.source = source;
        this.knownLength = knownLength;
    }

    boolean hasNext() {
        return !ahead.isEmpty() || source.hasNext();
    }

    Object next() {
        previous = current;
        current = ahead.isEmpty() ? source.next() : ahead.removeFirst();
        index0++;
        return current;
    }

    private boolean peek() {
        if (ahead.isEmpty() && source.hasNext()) ahead.add(source.next());
        return !ahead.isEmpty();
    }

    private long length() {
        if (knownLength >= 0) return knownLength;
        source.forEachRemaining(ahead::add);
        return index0 + 1 + ahead.size();
    }

    /** The value of {@code loop.<name>}, or undefined for names a loop does not have. */
    Object attribute(String name) {
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> length() - index0;
            case "revindex0" -> length() - index0 - 1;
            case "first" -> index0 == 0;
            case "last" -> !peek();
            case "length" -> length();
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> previous != NONE ? previous : Undefined.hint("there is no previous item");
            case "nextitem" -> peek() ? ahead.getFirst() : Undefined.hint("there is no next item");
            case "cycle" -> new BoundMethod(this, "cycle");
            default -> Undefined.member(this, name);
        };
    }

    /** {@code loop.cycle(a, b, ...)}: the argument at this iteration's position, round robin. */
    Object cycle(List<Object> args) {
        if (args.isEmpty()) throw new TemplateException(TemplateException.Kind.TYPE, "no items for cycling given");
        return args.get(index0 % args.size());
    }

    @Override
    public String toString() {
        return "<LoopContext " + (index0 + 1) + "/" + (knownLength >= 0 ? Integer.toString(knownLength) : "?") + ">";
    }
}
