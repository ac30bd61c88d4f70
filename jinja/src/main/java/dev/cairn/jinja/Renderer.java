package dev.cairn.jinja;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cairn.jinja.TemplateException.Kind;

/**
 * Executes statements, writing output. Scoping follows Jinja2: {@code if} shares its frame, each loop iteration,
 * macro call and block body gets a new one whose assignments do not leak out; namespaces carry state across.
 */
final class Renderer {
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final Evaluator evaluator = new Evaluator(this);

    void render(List<Stmt> body, Scope scope, StringBuilder out) {
        execute(body, scope, out);
    }

    private Flow execute(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt stmt : body) {
            Flow flow = execute(stmt, scope, out);
            if (flow != Flow.NORMAL) return flow;
        }
        return Flow.NORMAL;
    }

    private Flow execute(Stmt stmt, Scope scope, StringBuilder out) {
        switch (stmt) {
            case Stmt.Data d -> out.append(d.text());
            case Stmt.Print p -> out.append(Printer.str(evaluator.eval(p.expr(), scope)));
            case Stmt.If s -> {
                for (int i = 0; i < s.tests().size(); i++) {
                    if (Operators.truthy(evaluator.eval(s.tests().get(i), scope))) return execute(s.bodies().get(i), scope, out);
                }
                return execute(s.otherwise(), scope, out);
            }
            case Stmt.For f -> loop(f, scope, out);
            case Stmt.Set s -> assign(s.target(), evaluator.eval(s.value(), scope), scope, s.pos());
            case Stmt.SetBlock s -> {
                StringBuilder captured = new StringBuilder();
                execute(s.body(), new Scope(scope), captured);
                Object value = captured.toString();
                for (Expr.FilterCall f : s.filters()) value = evaluator.filter(f, value, scope);
                assign(s.target(), value, scope, s.pos());
            }
            case Stmt.FilterBlock b -> {
                StringBuilder captured = new StringBuilder();
                execute(b.body(), new Scope(scope), captured);
                Object value = captured.toString();
                for (Expr.FilterCall f : b.filters()) value = evaluator.filter(f, value, scope);
                out.append(Printer.str(value));
            }
            case Stmt.Generation g -> execute(g.body(), new Scope(scope), out);
            case Stmt.CallBlock c -> out.append(Printer.str(evaluator.callWithCaller(c.call(), new Macro(c.caller(), scope), scope)));
            case Stmt.With w -> {
                Scope inner = new Scope(scope);
                for (int i = 0; i < w.targets().size(); i++) {
                    assign(w.targets().get(i), evaluator.eval(w.values().get(i), scope), inner, w.pos());
                }
                return execute(w.body(), inner, out);
            }
            case Stmt.Macro m -> scope.set(m.name(), new Macro(m, scope));
            case Stmt.Break b -> {
                return Flow.BREAK;
            }
            case Stmt.Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private void loop(Stmt.For f, Scope scope, StringBuilder out) {
        Object iterable = evaluator.eval(f.iterable(), scope);
        Iterator<Object> items;
        try {
            items = Operators.iterator(iterable);
        } catch (TemplateException e) {
            throw e.at(f.iterable().pos());
        }
        int knownLength = f.filter() == null && !(iterable instanceof Generator) ? (int) Operators.length(iterable) : -1;
        if (f.filter() != null) items = filtered(f, items, scope);
        LoopContext loop = new LoopContext(items, knownLength);
        if (!loop.hasNext()) {
            execute(f.otherwise(), new Scope(scope), out);
            return;
        }
        while (loop.hasNext()) {
            Scope iteration = new Scope(scope);
            assign(f.target(), loop.next(), iteration, f.pos());
            iteration.set("loop", loop);
            if (execute(f.body(), iteration, out) == Flow.BREAK) break;
        }
    }

    /** The items a loop's {@code if} filter keeps, tested one by one as the loop pulls them. */
    private Iterator<Object> filtered(Stmt.For f, Iterator<Object> items, Scope scope) {
        return SequenceFilters.filtered(items, item -> {
            Scope probe = new Scope(scope);
            assign(f.target(), item, probe, f.pos());
            return Operators.truthy(evaluator.eval(f.filter(), probe));
        });
    }

    private void assign(Stmt.Target target, Object value, Scope scope, Pos pos) {
        switch (target) {
            case Stmt.Target.Name n -> scope.set(n.name(), value);
            case Stmt.Target.Attribute a -> {
                if (!(scope.lookup(a.namespace()) instanceof Namespace ns)) {
                    throw new TemplateException(Kind.RUNTIME, "cannot assign attribute on non-namespace object").at(pos);
                }
                ns.attributes.put(a.attr(), value);
            }
            case Stmt.Target.Unpack u -> {
                List<Object> values;
                try {
                    values = Operators.toList(value);
                } catch (TemplateException e) {
                    throw new TemplateException(Kind.TYPE, "cannot unpack non-iterable " + Printer.typeName(value)
                            + " object").at(pos);
                }
                int expected = u.items().size();
                if (values.size() < expected) {
                    throw new TemplateException(Kind.VALUE, "not enough values to unpack (expected " + expected
                            + ", got " + values.size() + ")").at(pos);
                }
                if (values.size() > expected) {
                    throw new TemplateException(Kind.VALUE, "too many values to unpack (expected " + expected + ")").at(pos);
                }
                for (int i = 0; i < expected; i++) assign(u.items().get(i), values.get(i), scope, pos);
            }
        }
    }

    /**
     * Calls a macro as Jinja2's {@code Macro.__call__} does: positional arguments, then keywords for the remaining
     * parameters, {@code caller}, {@code kwargs} and {@code varargs} when the body reads them, then the defaults of
     * parameters still missing, evaluated in order inside the macro's frame.
     */
    String callMacro(Macro macro, Args args) {
        Stmt.Macro def = macro.definition();
        List<String> params = def.params();
        List<Object> positional = args.positional();
        Map<String, Object> keywords = new LinkedHashMap<>(args.keywords());
        Scope frame = new Scope(macro.closure());
        boolean[] bound = new boolean[params.size()];
        for (int i = 0; i < params.size(); i++) {
            if (i < positional.size()) {
                frame.set(params.get(i), positional.get(i));
                bound[i] = true;
            } else if (keywords.containsKey(params.get(i))) {
                frame.set(params.get(i), keywords.remove(params.get(i)));
                bound[i] = true;
            }
        }
        if (def.readsCaller() && !params.contains("caller")) {
            Object caller = keywords.remove("caller");
            frame.set("caller", caller != null ? caller : Undefined.hint("No caller defined"));
        }
        if (def.readsKwargs()) {
            frame.set("kwargs", new LinkedHashMap<Object, Object>(keywords));
        } else if (!keywords.isEmpty()) {
            if (keywords.containsKey("caller")) {
                throw Operators.typeError("macro '" + def.name() + "' was invoked with two values for the special"
                        + " caller argument. This is most likely a bug.");
            }
            throw Operators.typeError("macro '" + def.name() + "' takes no keyword argument '"
                    + keywords.keySet().iterator().next() + "'");
        }
        if (def.readsVarargs()) {
            frame.set("varargs", new PyTuple(List.copyOf(positional.subList(Math.min(params.size(), positional.size()),
                    positional.size()))));
        } else if (positional.size() > params.size()) {
            throw Operators.typeError("macro '" + def.name() + "' takes not more than " + params.size() + " argument(s)");
        }
        int firstDefault = params.size() - def.defaults().size();
        for (int i = 0; i < params.size(); i++) {
            if (bound[i]) continue;
            Object value = i >= firstDefault ? evaluator.eval(def.defaults().get(i - firstDefault), frame)
                    : Undefined.hint("parameter '" + params.get(i) + "' was not provided");
            frame.set(params.get(i), value);
        }
        StringBuilder out = new StringBuilder();
        execute(def.body(), frame, out);
        return out.toString();
    }
}
