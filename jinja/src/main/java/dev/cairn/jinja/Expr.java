package dev.cairn.jinja;

import java.util.List;

/** Expression nodes of the template AST. */
sealed interface Expr {
    Pos pos();

    record Const(Object value, Pos pos) implements Expr {}

    record Name(String name, Pos pos) implements Expr {}

    record ListLiteral(List<Expr> items, Pos pos) implements Expr {}

    record TupleLiteral(List<Expr> items, Pos pos) implements Expr {}

    record DictLiteral(List<Expr> keys, List<Expr> values, Pos pos) implements Expr {}

    /** {@code target.name}: attribute first, then item (Jinja2's {@code getattr}). */
    record GetAttr(Expr target, String name, Pos pos) implements Expr {}

    /** {@code target[key]}: item first, then attribute (Jinja2's {@code getitem}). */
    record GetItem(Expr target, Expr key, Pos pos) implements Expr {}

    /** {@code [start:stop:step]}, only as the key of a {@link GetItem}; absent parts are null. */
    record Slice(Expr start, Expr stop, Expr step, Pos pos) implements Expr {}

    /** {@code callee(args, kwargs, *spread, **spreadKeywords)}; the spreads are null when absent. */
    record Call(Expr callee, List<Expr> args, List<Keyword> kwargs, Expr spread, Expr spreadKeywords, Pos pos)
            implements Expr {}

    record Filter(Expr target, FilterCall call, Pos pos) implements Expr {}

    /** {@code target is name(args)}; {@code is not} is a {@link Not} around it. */
    record Test(Expr target, String name, List<Expr> args, List<Keyword> kwargs, Pos pos) implements Expr {}

    record Not(Expr operand, Pos pos) implements Expr {}

    /** Unary {@code -} or {@code +}. */
    record Unary(String op, Expr operand, Pos pos) implements Expr {}

    /** Arithmetic: {@code + - * / // % **}. */
    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {}

    record And(Expr left, Expr right, Pos pos) implements Expr {}

    record Or(Expr left, Expr right, Pos pos) implements Expr {}

    /** {@code a ~ b ~ c}: the parts' {@code str()} joined. */
    record Concat(List<Expr> parts, Pos pos) implements Expr {}

    /** A comparison chain {@code first op1 e1 op2 e2 ...}; ops are {@code == != < <= > >= in notin}. */
    record Compare(Expr first, List<String> ops, List<Expr> operands, Pos pos) implements Expr {}

    /** {@code then if test else otherwise}; without else, otherwise is null (yielding undefined). */
    record Conditional(Expr test, Expr then, Expr otherwise, Pos pos) implements Expr {}

    record Keyword(String name, Expr value) {}

    /** One filter application {@code | name(args)}, shared by filter expressions and filter blocks. */
    record FilterCall(String name, List<Expr> args, List<Keyword> kwargs, Pos pos) {}
}
