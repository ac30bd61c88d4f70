package dev.cairn.jinja;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Python's {@code str()} and {@code repr()} of template values, and the type names its messages use. */
final class Printer {
    private Printer() {}

    /** {@code str(value)}: what {@code {{ value }}} prints. */
    static String str(Object value) {
        return switch (value) {
            case String s -> s;
            case Markup m -> m.text();
            case Undefined u -> "";
            case null, default -> repr(value);
        };
    }

    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> floatRepr(d);
            case String s -> stringRepr(s);
            case Markup m -> "Markup(" + stringRepr(m.text()) + ")";
            case Undefined u -> "Undefined";
            case List<?> list -> join("[", list, "]");
            case PyTuple t -> t.items().size() == 1 ? "(" + repr(t.items().getFirst()) + ",)" : join("(", t.items(), ")");
            case Map<?, ?> map -> mapRepr(map);
            case DictView v -> v.kind() + join("([", v.items(), "])");
            case Namespace ns -> "<Namespace " + mapRepr(ns.attributes) + ">";
            case Macro m -> "<Macro " + stringRepr(m.definition().name()) + ">";
            case LoopContext loop -> loop.toString();
            case Generator g -> g.toString();
            case BoundMethod b -> "<built-in method " + b.name() + " of " + objectTypeRepr(b.self()) + " at 0x7f0000000000>";
            case Builtin b -> "<function " + b.name() + " at 0x7f0000000000>";
            default -> String.valueOf(value);
        };
    }

    private static String join(String open, List<?> items, String close) {
        StringJoiner j = new StringJoiner(", ", open, close);
        for (Object item : items) j.add(repr(item));
        return j.toString();
    }

    private static String mapRepr(Map<?, ?> map) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<?, ?> e = it.next();
            j.add(repr(e.getKey()) + ": " + repr(e.getValue()));
        }
        return j.toString();
    }

    /** Python's {@code repr(str)}: single quotes unless the text has only single quotes, escapes unprintables. */
    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') out.append('\\').appendCodePoint(c);
            else if (c == '\t') out.append("\\t");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c < ' ' || c == 0x7f) out.append(String.format("\\x%02x", c));
            else if (c < 0x7f || isPrintable(c)) out.appendCodePoint(c);
            else if (c <= 0xff) out.append(String.format("\\x%02x", c));
            else if (c <= 0xffff) out.append(String.format("\\u%04x", c));
            else out.append(String.format("\\U%08x", c));
        });
        return out.append(quote).toString();
    }

    private static boolean isPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's {@code repr(float)}: the shortest round-tripping digits, exponent form below 1e-4 or from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) return sign + "0.0";
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain;
        if (exponent < 0) {
            plain = "0." + "0".repeat(-exponent - 1) + digits;
        } else if (digits.length() <= exponent + 1) {
            plain = digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        } else {
            plain = digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
        }
        return sign + plain;
    }

    /** {@code type(value).__name__}. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "str";
            case List<?> l -> "list";
            case PyTuple t -> "tuple";
            case Map<?, ?> m -> "dict";
            case DictView v -> v.kind();
            case Generator g -> g.typeName;
            case BoundMethod b -> "builtin_function_or_method";
            case Builtin b -> "function";
            default -> value.getClass().getSimpleName();
        };
    }

    /** How Jinja2 names a value's type in "has no attribute" messages. */
    static String objectTypeRepr(Object value) {
        return switch (value) {
            case null -> "None";
            case Markup m -> "markupsafe.Markup object";
            case Namespace n -> "jinja2.utils.Namespace object";
            case LoopContext l -> "jinja2.runtime.LoopContext object";
            case Macro m -> "jinja2.runtime.Macro object";
            case Undefined u -> "jinja2.runtime.Undefined object";
            default -> typeName(value) + " object";
        };
    }
}
