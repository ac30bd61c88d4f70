package dev.cairn.jinja;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cairn.jinja.TemplateException.Kind;

/** The global functions of Hugging Face's chat template environment and Jinja2's defaults templates use. */
final class Globals {
    private Globals() {}

    static Scope create(Clock clock) {
        Scope globals = new Scope(null);
        define(globals, "raise_exception", a -> {
            throw new TemplateException(Kind.RAISED, Printer.str(a.required(0, "message")));
        });
        define(globals, "strftime_now", a -> Strftime.format(Printer.str(a.required(0, "format")), LocalDateTime.now(clock)));
        define(globals, "namespace", Globals::namespace);
        define(globals, "dict", a -> {
            Map<Object, Object> map = new LinkedHashMap<>();
            if (!a.positional().isEmpty()) map.putAll((Map<?, ?>) a.positional().getFirst());
            map.putAll(a.keywords());
            return map;
        });
        define(globals, "range", Globals::range);
        return globals;
    }

    private static void define(Scope scope, String name, Builtin.Body body) {
        scope.set(name, new Builtin(name, body));
    }

    private static Namespace namespace(Args a) {
        Namespace ns = new Namespace();
        for (Object initial : a.positional()) {
            if (!(initial instanceof Map<?, ?> map)) {
                throw Operators.typeError("namespace() takes mappings as positional arguments");
            }
            map.forEach((k, v) -> ns.attributes.put(Printer.str(k), v));
        }
        ns.attributes.putAll(a.keywords());
        return ns;
    }

    private static List<Object> range(Args a) {
        List<Object> bounds = a.positional();
        for (Object b : bounds) {
            if (!Operators.isInteger(b)) {
                throw Operators.typeError("'" + Printer.typeName(b) + "' object cannot be interpreted as an integer");
            }
        }
        long start = bounds.size() > 1 ? Operators.toLong(bounds.get(0)) : 0;
        long stop = bounds.size() == 1 ? Operators.toLong(bounds.get(0)) : bounds.size() > 1 ? Operators.toLong(bounds.get(1)) : 0;
        long step = bounds.size() > 2 ? Operators.toLong(bounds.get(2)) : 1;
        if (bounds.isEmpty()) throw Operators.typeError("range expected at least 1 argument, got 0");
        if (step == 0) throw new TemplateException(Kind.VALUE, "range() arg 3 must not be zero");
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
            if (out.size() > 100_000) throw new TemplateException(Kind.SECURITY, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        }
        return out;
    }
}
