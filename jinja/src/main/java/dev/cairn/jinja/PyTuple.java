package dev.cairn.jinja;

import java.util.List;

/** A Python tuple: like a list, but printed as {@code (a, b)} and never equal to a list. */
record PyTuple(List<Object> items) {}
