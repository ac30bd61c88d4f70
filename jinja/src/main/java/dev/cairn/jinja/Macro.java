package dev.cairn.jinja;

/** A macro value: its definition and the scope it was defined in, where its free names are looked up. */
record Macro(Stmt.Macro definition, Scope closure) {}
