package dev.cairn.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cairn.jinja.TemplateException.Kind;

/**
 * Jinja2's built-in filters that chat templates use, plus Hugging Face's {@code tojson}. Filters over sequences
 * live in {@link SequenceFilters}. An unknown filter name fails at compile time.
 */
final class Filters {
    private Filters() {}

    private static final Set<String> NAMES = Set.of("abs", "attr", "capitalize", "d", "default", "e", "escape", "float",
            "indent", "int", "lower", "replace", "round", "safe", "string", "title", "tojson", "trim", "upper",
            "wordcount", "center", "format");
    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    static boolean exists(String name) {
        return NAMES.contains(name) || SequenceFilters.exists(name);
    }

    static Object apply(String name, Object v, Args args) {
        Args a = args.withFunction(name);
        if (SequenceFilters.exists(name)) return SequenceFilters.apply(name, v, a);
        return switch (name) {
            case "abs" -> abs(v);
            case "attr" -> attr(v, Printer.str(a.required(0, "name")));
            case "capitalize" -> keepSafe(v, Text.capitalize(Printer.str(v)));
            case "d", "default" -> v instanceof Undefined || (Operators.truthy(a.get(1, "boolean", false)) && !Operators.truthy(v))
                    ? a.get(0, "default_value", "") : v;
            case "e", "escape" -> new Markup(Markup.escape(v));
            case "float" -> toFloat(v, a.get(0, "default", 0.0));
            case "indent" -> indent(v, a);
            case "int" -> toInt(v, a.get(0, "default", 0L), a.get(1, "base", 10L));
            case "lower" -> keepSafe(v, Text.lower(Printer.str(v)));
            case "upper" -> keepSafe(v, Text.upper(Printer.str(v)));
            case "replace" -> {
                Object count = a.get(2, "count", null);
                yield Text.replace(Printer.str(v), Printer.str(a.required(0, "old")), Printer.str(a.required(1, "new")),
                        count == null ? -1 : Operators.toLong(count));
            }
            case "round" -> round(v, Operators.toLong(a.get(0, "precision", 0L)), Printer.str(a.get(1, "method", "common")));
            case "safe" -> v instanceof Markup ? v : new Markup(Printer.str(v));
            case "string" -> v instanceof Markup ? v : Printer.str(v);
            case "title" -> title(Printer.str(v));
            case "tojson" -> tojson(v, a);
            case "trim" -> {
                Object chars = a.get(0, "chars", null);
                yield keepSafe(v, Text.strip(Printer.str(v), chars == null ? null : Printer.str(chars)));
            }
            case "wordcount" -> {
                Matcher m = WORD.matcher(Printer.str(v));
                long n = 0;
                while (m.find()) n++;
                yield n;
            }
            case "format" -> {
                if (!a.positional().isEmpty() && !a.keywords().isEmpty()) {
                    throw new TemplateException(Kind.FILTER_ARGUMENT, "can't handle positional and keyword arguments at the same time");
                }
                Object values = a.keywords().isEmpty() ? new PyTuple(a.positional()) : new java.util.LinkedHashMap<Object, Object>(a.keywords());
                yield PercentFormat.format(Printer.str(v), values);
            }
            case "center" -> keepSafe(v, StringMethods.call(Printer.str(v), "center",
                    new Args("center", List.of(a.get(0, "width", 80L)), Map.of())));
            default -> throw new IllegalStateException(name);
        };
    }

    /** Filters that apply a str method to {@code soft_str(value)} return Markup for Markup, as markupsafe does. */
    private static Object keepSafe(Object original, Object result) {
        return original instanceof Markup && result instanceof String s ? new Markup(s) : result;
    }

    private static Object abs(Object v) {
        if (v instanceof Double d) return Math.abs(d);
        if (Operators.isInteger(v)) return Math.absExact(Operators.toLong(v));
        throw Operators.typeError("bad operand type for abs(): '" + Printer.typeName(v) + "'");
    }

    private static Object attr(Object v, String name) {
        if (v instanceof Undefined u) throw u.error();
        if (v instanceof Map) {
            Object method = Methods.lookup(v, name);
            return method != null ? method : Undefined.member(v, name);
        }
        return Attributes.getattr(v, name);
    }

    /** Jinja2's {@code title}: each word after a dash, space or opening bracket capitalised. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        while (m.find()) {
            appendTitled(out, s.substring(last, m.start()));
            out.append(m.group());
            last = m.end();
        }
        appendTitled(out, s.substring(last));
        return out.toString();
    }

    private static void appendTitled(StringBuilder out, String word) {
        if (word.isEmpty()) return;
        int first = word.codePointAt(0);
        out.append(Text.upper(Character.toString(first))).append(Text.lower(word.substring(Character.charCount(first))));
    }

    private static Object indent(Object v, Args a) {
        if (v instanceof Undefined u) throw u.error();
        if (!Operators.isText(v)) {
            throw Operators.typeError("unsupported operand type(s) for +=: '" + Printer.typeName(v) + "' and 'str'");
        }
        Object width = a.get(0, "width", 4L);
        String indention = Operators.isText(width) ? Operators.text(width) : " ".repeat((int) Operators.toLong(width));
        boolean first = Operators.truthy(a.get(1, "first", false));
        boolean blank = Operators.truthy(a.get(2, "blank", false));
        List<String> lines = Text.splitlines(Printer.str(v) + "\n");
        StringBuilder rv = new StringBuilder();
        if (blank) {
            rv.append(String.join("\n" + indention, lines));
        } else {
            rv.append(lines.getFirst());
            for (String line : lines.subList(1, lines.size())) rv.append('\n').append(line.isEmpty() ? "" : indention + line);
        }
        return keepSafe(v, first ? indention + rv : rv.toString());
    }

    private static Object toInt(Object v, Object fallback, Object base) {
        if (v instanceof Undefined u) throw u.error();
        if (Operators.isInteger(v)) return Operators.toLong(v);
        if (v instanceof Double d) return Double.isFinite(d) ? (long) (double) d : fallback;
        if (Operators.isText(v)) {
            String s = Text.strip(Operators.text(v), null).replace("_", "");
            int radix = (int) Operators.toLong(base);
            String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            String prefix = digits.length() > 1 ? Text.lower(digits.substring(0, 2)) : "";
            int prefixRadix = switch (prefix) {
                case "0x" -> 16;
                case "0o" -> 8;
                case "0b" -> 2;
                default -> 0;
            };
            if (prefixRadix != 0 && (radix == prefixRadix || radix == 0)) {
                radix = prefixRadix;
                s = (s.startsWith("-") ? "-" : "") + digits.substring(2);
            }
            try {
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s, radix == 0 ? 10 : radix);
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static Object toFloat(Object v, Object fallback) {
        if (v instanceof Undefined u) throw u.error();
        if (Operators.isNumber(v)) return Operators.toDouble(v);
        if (Operators.isText(v)) {
            String s = Text.strip(Operators.text(v), null);
            String special = Text.lower(s).replaceFirst("^[+-]", "");
            double sign = s.startsWith("-") ? -1 : 1;
            if (special.equals("inf") || special.equals("infinity")) return sign * Double.POSITIVE_INFINITY;
            if (special.equals("nan")) return Double.NaN;
            try {
                return Double.parseDouble(s.replace("_", ""));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static Object round(Object v, long precision, String method) {
        if (!Operators.isNumber(v)) throw Operators.typeError("type " + Printer.typeName(v) + " doesn't define __round__ method");
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new TemplateException(Kind.RUNTIME, "method must be common, ceil or floor");
        };
        if (Operators.isInteger(v) && method.equals("common")) return Operators.toLong(v);
        double d = Operators.toDouble(v);
        if (!Double.isFinite(d)) return d;
        return new BigDecimal(d).setScale((int) precision, mode).doubleValue();
    }

    /** Hugging Face's {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    private static String tojson(Object v, Args a) {
        boolean ensureAscii = Operators.truthy(a.get(0, "ensure_ascii", false));
        Object indent = a.get(1, "indent", null);
        Object separators = a.get(2, "separators", null);
        boolean sortKeys = Operators.truthy(a.get(3, "sort_keys", false));
        String indentText = indent == null ? null
                : Operators.isText(indent) ? Operators.text(indent) : " ".repeat((int) Math.max(0, Operators.toLong(indent)));
        List<String> seps = separators == null ? null : Operators.toList(separators).stream().map(Printer::str).toList();
        return PythonJson.dumps(v, ensureAscii, indentText, seps, sortKeys);
    }
}
