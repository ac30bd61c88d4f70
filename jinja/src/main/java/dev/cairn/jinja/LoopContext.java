package dev.cairn.jinja;

import java.util.List;

/** The {@code loop} variable inside a for loop. */
final class LoopContext {
    private final List<Object> items;
    private final int depth0;
    int index0;

    LoopContext(List<Object> items, int depth0) {
        this.items = items;
        this.depth0 = depth0;
    }

    int depth0() {
        return depth0;
    }

    /** The value of {@code loop.<name>}, or undefined for names a loop does not have. */
    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.hint("there is no previous item");
            case "nextitem" -> index0 + 1 < length ? items.get(index0 + 1) : Undefined.hint("there is no next item");
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
        return "<LoopContext " + (index0 + 1) + "/" + items.size() + ">";
    }
}
