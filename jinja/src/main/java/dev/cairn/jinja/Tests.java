package dev.cairn.jinja;

import java.util.Map;
import java.util.Set;

/** Jinja2's built-in tests ({@code x is defined}, {@code x is string}, {@code n is divisibleby 3}, ...). */
final class Tests {
    private Tests() {}

    private static final Set<String> NAMES = Set.of("defined", "undefined", "none", "boolean", "false", "true",
            "integer", "float", "number", "string", "mapping", "sequence", "iterable", "callable", "odd", "even",
            "divisibleby", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan",
            ">", "ge", ">=", "in", "sameas", "lower", "upper", "escaped", "filter", "test");

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static boolean apply(String name, Object v, Args args) {
        Args a = args.withFunction(name);
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "boolean" -> v instanceof Boolean;
            case "false" -> Boolean.FALSE.equals(v);
            case "true" -> Boolean.TRUE.equals(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "number" -> Operators.isNumber(v);
            case "string" -> Operators.isText(v);
            case "mapping" -> v instanceof Map;
            case "sequence" -> Operators.isText(v) || v instanceof java.util.List || v instanceof PyTuple
                    || v instanceof Map || v instanceof Undefined;
            case "iterable" -> Operators.isIterable(v);
            case "callable" -> v instanceof Macro || v instanceof Builtin || v instanceof BoundMethod || v instanceof Undefined;
            case "odd" -> Operators.equal(Operators.binary("%", v, 2L), 1L);
            case "even" -> Operators.equal(Operators.binary("%", v, 2L), 0L);
            case "divisibleby" -> Operators.equal(Operators.binary("%", v, a.required(0, "num")), 0L);
            case "eq", "equalto", "==" -> Operators.equal(v, a.required(0, "other"));
            case "ne", "!=" -> !Operators.equal(v, a.required(0, "other"));
            case "lt", "lessthan", "<" -> Operators.compare(v, a.required(0, "other"), "<") < 0;
            case "le", "<=" -> Operators.compare(v, a.required(0, "other"), "<=") <= 0;
            case "gt", "greaterthan", ">" -> Operators.compare(v, a.required(0, "other"), ">") > 0;
            case "ge", ">=" -> Operators.compare(v, a.required(0, "other"), ">=") >= 0;
            case "in" -> Operators.contains(a.required(0, "seq"), v);
            case "sameas" -> sameAs(v, a.required(0, "other"));
            case "lower" -> (Boolean) StringMethods.call(Printer.str(v), "islower", Args.NONE);
            case "upper" -> (Boolean) StringMethods.call(Printer.str(v), "isupper", Args.NONE);
            case "escaped" -> v instanceof Markup;
            case "filter" -> Operators.isText(v) && Filters.exists(Operators.text(v));
            case "test" -> Operators.isText(v) && exists(Operators.text(v));
            default -> throw new IllegalStateException(name);
        };
    }

    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Boolean || a instanceof Long) return a.equals(b);
        return a == b;
    }
}
