package dev.cairn.jinja;

import java.util.List;

/** Statement nodes of the template AST. */
sealed interface Stmt {
    /** Literal template text. */
    record Data(String text) implements Stmt {}

    /** {@code {{ expr }}}. */
    record Print(Expr expr) implements Stmt {}

    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise) implements Stmt {}

    record For(Target target, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise, Pos pos)
            implements Stmt {}

    record Set(Target target, Expr value, Pos pos) implements Stmt {}

    /** {@code {% set target | filters %}body{% endset %}}. */
    record SetBlock(Target target, List<Expr.FilterCall> filters, List<Stmt> body, Pos pos) implements Stmt {}

    /** A macro; the flags say whether its body reads {@code caller}, {@code varargs} or {@code kwargs}. */
    record Macro(String name, List<String> params, List<Expr> defaults, List<Stmt> body, Pos pos,
                 boolean readsCaller, boolean readsVarargs, boolean readsKwargs) implements Stmt {
        Macro(String name, List<String> params, List<Expr> defaults, List<Stmt> body, Pos pos) {
            this(name, params, defaults, body, pos, Names.read(body, "caller"), Names.read(body, "varargs"),
                    Names.read(body, "kwargs"));
        }
    }

    /** {@code {% filter f %}body{% endfilter %}}. */
    record FilterBlock(List<Expr.FilterCall> filters, List<Stmt> body) implements Stmt {}

    /** {@code {% call(params) macro(args) %}body{% endcall %}}: calls the macro with the body as {@code caller}. */
    record CallBlock(Macro caller, Expr.Call call) implements Stmt {}

    /** {@code {% with a = 1, b = 2 %}body{% endwith %}}: the body in a frame with those variables. */
    record With(List<Target> targets, List<Expr> values, List<Stmt> body, Pos pos) implements Stmt {}

    /** Hugging Face's {@code {% generation %}} marker: renders its body. */
    record Generation(List<Stmt> body) implements Stmt {}

    record Break() implements Stmt {}

    record Continue() implements Stmt {}

    /** What {@code set} and {@code for} assign to. */
    sealed interface Target {
        record Name(String name) implements Target {}

        record Unpack(List<Target> items) implements Target {}

        /** {@code ns.attr} of a namespace. */
        record Attribute(String namespace, String attr) implements Target {}
    }
}
