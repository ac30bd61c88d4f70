package dev.cairn.jinja;

import java.util.List;

/** Whether a macro body reads a name, as Jinja2 checks for {@code caller}, {@code varargs} and {@code kwargs}. */
final class Names {
    private Names() {}

    static boolean read(List<Stmt> body, String name) {
        return body.stream().anyMatch(s -> read(s, name));
    }

    private static boolean read(Stmt stmt, String name) {
        return switch (stmt) {
            case Stmt.Data d -> false;
            case Stmt.Print p -> read(p.expr(), name);
            case Stmt.If s -> anyExpr(s.tests(), name) || s.bodies().stream().anyMatch(b -> read(b, name))
                    || read(s.otherwise(), name);
            case Stmt.For f -> read(f.iterable(), name) || (f.filter() != null && read(f.filter(), name))
                    || read(f.body(), name) || read(f.otherwise(), name);
            case Stmt.Set s -> read(s.value(), name);
            case Stmt.SetBlock s -> s.filters().stream().anyMatch(f -> anyExpr(f.args(), name)) || read(s.body(), name);
            case Stmt.Macro m -> anyExpr(m.defaults(), name) || read(m.body(), name);
            case Stmt.FilterBlock b -> b.filters().stream().anyMatch(f -> anyExpr(f.args(), name)) || read(b.body(), name);
            case Stmt.CallBlock c -> read(c.call(), name) || read(c.caller(), name);
            case Stmt.With w -> anyExpr(w.values(), name) || read(w.body(), name);
            case Stmt.Generation g -> read(g.body(), name);
            case Stmt.Break b -> false;
            case Stmt.Continue c -> false;
        };
    }

    private static boolean anyExpr(List<Expr> exprs, String name) {
        return exprs.stream().anyMatch(e -> e != null && read(e, name));
    }

    private static boolean keywords(List<Expr.Keyword> keywords, String name) {
        return keywords.stream().anyMatch(k -> read(k.value(), name));
    }

    private static boolean read(Expr expr, String name) {
        return switch (expr) {
            case Expr.Const c -> false;
            case Expr.Name n -> n.name().equals(name);
            case Expr.ListLiteral l -> anyExpr(l.items(), name);
            case Expr.TupleLiteral t -> anyExpr(t.items(), name);
            case Expr.DictLiteral d -> anyExpr(d.keys(), name) || anyExpr(d.values(), name);
            case Expr.GetAttr g -> read(g.target(), name);
            case Expr.GetItem g -> read(g.target(), name) || read(g.key(), name);
            case Expr.Slice s -> anyExpr(java.util.Arrays.asList(s.start(), s.stop(), s.step()), name);
            case Expr.Call c -> read(c.callee(), name) || anyExpr(c.args(), name) || keywords(c.kwargs(), name)
                    || anyExpr(java.util.Arrays.asList(c.spread(), c.spreadKeywords()), name);
            case Expr.Filter f -> read(f.target(), name) || anyExpr(f.call().args(), name) || keywords(f.call().kwargs(), name);
            case Expr.Test t -> read(t.target(), name) || anyExpr(t.args(), name) || keywords(t.kwargs(), name);
            case Expr.Not n -> read(n.operand(), name);
            case Expr.Unary u -> read(u.operand(), name);
            case Expr.Binary b -> read(b.left(), name) || read(b.right(), name);
            case Expr.And a -> read(a.left(), name) || read(a.right(), name);
            case Expr.Or o -> read(o.left(), name) || read(o.right(), name);
            case Expr.Concat c -> anyExpr(c.parts(), name);
            case Expr.Compare c -> read(c.first(), name) || anyExpr(c.operands(), name);
            case Expr.Conditional c -> read(c.test(), name) || read(c.then(), name)
                    || (c.otherwise() != null && read(c.otherwise(), name));
        };
    }
}
