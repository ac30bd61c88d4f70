package dev.cairn.jinja;

import java.util.List;

/**
 * A Python tuple: like a list, but printed as {@code (a, b)} and never equal to a list. {@code names}, empty for a
 * plain tuple, name its items as a namedtuple does ({@code groupby}'s {@code grouper} and {@code list}).
 */
record PyTuple(List<Object> items, List<String> names) {
    PyTuple(List<Object> items) {
        this(items, List.of());
    }
}
