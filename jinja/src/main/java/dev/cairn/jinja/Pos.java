package dev.cairn.jinja;

/** A 1-based position in a template's source. */
record Pos(int line, int column) {}
