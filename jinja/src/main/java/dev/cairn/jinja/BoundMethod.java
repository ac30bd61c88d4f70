package dev.cairn.jinja;

/** A Python method looked up on a value ({@code s.strip}, {@code d.items}), called later with arguments. */
record BoundMethod(Object self, String name) {}
