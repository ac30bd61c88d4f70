package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cairn.jinja.TemplateException.Kind;

/** Evaluates expressions to values, attaching the failing node's position to errors. */
final class Evaluator {
    private final Renderer renderer;

    Evaluator(Renderer renderer) {
        this.renderer = renderer;
    }

    Object eval(Expr e, Scope scope) {
        try {
            return evaluate(e, scope);
        } catch (TemplateException ex) {
            throw ex.at(e.pos());
        } catch (ArithmeticException ex) {
            throw new TemplateException(Kind.VALUE, "integer overflow").at(e.pos());
        }
    }

    private Object evaluate(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Const c -> c.value();
            case Expr.Name n -> scope.lookup(n.name());
            case Expr.ListLiteral l -> evalAll(l.items(), scope);
            case Expr.TupleLiteral t -> new PyTuple(evalAll(t.items(), scope));
            case Expr.DictLiteral d -> dict(d, scope);
            case Expr.GetAttr g -> Attributes.getattr(eval(g.target(), scope), g.name());
            case Expr.GetItem g -> Attributes.getitem(eval(g.target(), scope), key(g.key(), scope));
            case Expr.Slice s -> key(s, scope);
            case Expr.Call c -> call(eval(c.callee(), scope), callArgs(c, scope));
            case Expr.Filter f -> filter(f.call(), eval(f.target(), scope), scope);
            case Expr.Test t -> Tests.apply(t.name(), eval(t.target(), scope), args(t.name(), t.args(), t.kwargs(), scope));
            case Expr.Not n -> !Operators.truthy(eval(n.operand(), scope));
            case Expr.Unary u -> Operators.unary(u.op(), eval(u.operand(), scope));
            case Expr.Binary b -> Operators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
            case Expr.And a -> {
                Object left = eval(a.left(), scope);
                yield Operators.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Expr.Or o -> {
                Object left = eval(o.left(), scope);
                yield Operators.truthy(left) ? left : eval(o.right(), scope);
            }
            case Expr.Concat c -> {
                StringBuilder sb = new StringBuilder();
                for (Expr part : c.parts()) sb.append(Printer.str(eval(part, scope)));
                yield sb.toString();
            }
            case Expr.Compare c -> compare(c, scope);
            case Expr.Conditional c -> {
                if (Operators.truthy(eval(c.test(), scope))) yield eval(c.then(), scope);
                if (c.otherwise() != null) yield eval(c.otherwise(), scope);
                yield Undefined.hint("the inline if-expression on line " + c.pos().line()
                        + " evaluated to false and no else section was defined.");
            }
        };
    }

    private List<Object> evalAll(List<Expr> items, Scope scope) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr item : items) out.add(eval(item, scope));
        return out;
    }

    private Object dict(Expr.DictLiteral d, Scope scope) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            Object key = eval(d.keys().get(i), scope);
            if (key instanceof List || key instanceof Map || key instanceof Generator) {
                throw Operators.typeError("unhashable type: '" + Printer.typeName(key) + "'");
            }
            if (key instanceof Markup m) key = m.text();
            Object existing = Operators.findKey(map, key);
            map.put(existing != Operators.NO_KEY ? existing : key, eval(d.values().get(i), scope));
        }
        return map;
    }

    private Object key(Expr key, Scope scope) {
        if (key instanceof Expr.Slice s) {
            return new Attributes.SliceKey(optional(s.start(), scope), optional(s.stop(), scope), optional(s.step(), scope));
        }
        return eval(key, scope);
    }

    private Object optional(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private Object compare(Expr.Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.operands().get(i), scope);
            if (!Operators.compareOp(c.ops().get(i), left, right)) return false;
            left = right;
        }
        return true;
    }

    Object filter(Expr.FilterCall call, Object value, Scope scope) {
        try {
            return Filters.apply(call.name(), value, args(call.name(), call.args(), call.kwargs(), scope));
        } catch (TemplateException ex) {
            throw ex.at(call.pos());
        }
    }

    private Args args(String function, List<Expr> positional, List<Expr.Keyword> keywords, Scope scope) {
        List<Object> values = evalAll(positional, scope);
        Map<String, Object> named = new LinkedHashMap<>();
        for (Expr.Keyword k : keywords) named.put(k.name(), eval(k.value(), scope));
        return new Args(function, values, named);
    }

    /** The call of a {@code {% call %}} block, with its body passed as the keyword argument {@code caller}. */
    Object callWithCaller(Expr.Call call, Macro caller, Scope scope) {
        try {
            Args args = callArgs(call, scope);
            Map<String, Object> keywords = new LinkedHashMap<>(args.keywords());
            keywords.put("caller", caller);
            return call(eval(call.callee(), scope), new Args("", args.positional(), keywords));
        } catch (TemplateException ex) {
            throw ex.at(call.pos());
        }
    }

    /** A call's arguments, with {@code *spread} appended to the positional and {@code **spread} to the keywords. */
    private Args callArgs(Expr.Call c, Scope scope) {
        Args args = args("", c.args(), c.kwargs(), scope);
        if (c.spread() == null && c.spreadKeywords() == null) return args;
        List<Object> positional = new ArrayList<>(args.positional());
        if (c.spread() != null) positional.addAll(Operators.toList(eval(c.spread(), scope)));
        Map<String, Object> keywords = new LinkedHashMap<>(args.keywords());
        if (c.spreadKeywords() != null) {
            Object extra = eval(c.spreadKeywords(), scope);
            if (!(extra instanceof Map<?, ?> map)) {
                throw Operators.typeError("argument after ** must be a mapping, not " + Printer.typeName(extra));
            }
            map.forEach((k, v) -> keywords.put(Printer.str(k), v));
        }
        return new Args("", positional, keywords);
    }

    private Object call(Object callee, Args args) {
        return switch (callee) {
            case Macro m -> renderer.callMacro(m, args);
            case BoundMethod m -> Methods.call(m, args);
            case Builtin b -> b.body().call(args.withFunction(b.name()));
            case Undefined u -> throw u.error();
            case null, default -> throw Operators.typeError("'" + Printer.typeName(callee) + "' object is not callable");
        };
    }
}
