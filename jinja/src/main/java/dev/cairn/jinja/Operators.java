package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.cairn.jinja.TemplateException.Kind;

/** Python's semantics for truth, equality, ordering, membership, iteration, length and arithmetic. */
final class Operators {
    private Operators() {}

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case Markup m -> !m.text().isEmpty();
            case List<?> l -> !l.isEmpty();
            case PyTuple t -> !t.items().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case DictView view -> !view.items().isEmpty();
            case Undefined u -> false;
            default -> true;
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Boolean;
    }

    static long toLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
    }

    static double toDouble(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    }

    static boolean isText(Object v) {
        return v instanceof String || v instanceof Markup;
    }

    static String text(Object v) {
        return v instanceof Markup m ? m.text() : (String) v;
    }

    static TemplateException typeError(String message) {
        return new TemplateException(Kind.TYPE, message);
    }

    // ---- equality and ordering ----

    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (a == null || b == null) return a == b;
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return toLong(a) == toLong(b);
            return toDouble(a) == toDouble(b);
        }
        if (isText(a) && isText(b)) return text(a).equals(text(b));
        if (a instanceof List<?> x && b instanceof List<?> y) return equalItems(x, y);
        if (a instanceof PyTuple x && b instanceof PyTuple y) return equalItems(x.items(), y.items());
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = findKey(y, e.getKey());
                if (key == NO_KEY || !equal(e.getValue(), y.get(key))) return false;
            }
            return true;
        }
        return a == b;
    }

    private static boolean equalItems(List<?> x, List<?> y) {
        if (x.size() != y.size()) return false;
        for (int i = 0; i < x.size(); i++) if (!equal(x.get(i), y.get(i))) return false;
        return true;
    }

    static final Object NO_KEY = new Object();

    /** The key of {@code map} equal to {@code key} under Python's rules (1 == 1.0 == True), or NO_KEY. */
    static Object findKey(Map<?, ?> map, Object key) {
        if (map.containsKey(key)) return key;
        if (key instanceof Markup m && map.containsKey(m.text())) return m.text();
        if (isNumber(key)) {
            for (Object k : map.keySet()) if (isNumber(k) && equal(k, key)) return k;
        }
        return NO_KEY;
    }

    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Python's ordering of two values, for {@code < <= > >=} and sorting; {@code op} names the operator in errors. */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return Long.compare(toLong(a), toLong(b));
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (isText(a) && isText(b)) return compareStrings(text(a), text(b));
        if (a instanceof List<?> x && b instanceof List<?> y) return compareItems(x, y, op);
        if (a instanceof PyTuple x && b instanceof PyTuple y) return compareItems(x.items(), y.items(), op);
        throw typeError("'" + op + "' not supported between instances of '" + Printer.typeName(a) + "' and '"
                + Printer.typeName(b) + "'");
    }

    private static int compareItems(List<?> x, List<?> y, String op) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!equal(x.get(i), y.get(i))) return compare(x.get(i), y.get(i), op);
        }
        return Integer.compare(x.size(), y.size());
    }

    static boolean compareOp(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> equal(a, b);
            case "!=" -> !equal(a, b);
            case "<" -> compare(a, b, op) < 0;
            case "<=" -> compare(a, b, op) <= 0;
            case ">" -> compare(a, b, op) > 0;
            case ">=" -> compare(a, b, op) >= 0;
            case "in" -> contains(b, a);
            case "notin" -> !contains(b, a);
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** {@code item in container}. */
    static boolean contains(Object container, Object item) {
        switch (container) {
            case String s -> {
                return substring(s, item);
            }
            case Markup m -> {
                return substring(m.text(), item);
            }
            case Map<?, ?> map -> {
                if (item instanceof List || item instanceof Map || item instanceof DictView) {
                    throw typeError("unhashable type: '" + Printer.typeName(item) + "'");
                }
                return findKey(map, item) != NO_KEY;
            }
            case Undefined u -> {
                return false;
            }
            case null, default -> {
                Iterator<Object> it = iterator(container, "argument of type '" + Printer.typeName(container) + "' is not iterable");
                while (it.hasNext()) if (equal(it.next(), item)) return true;
                return false;
            }
        }
    }

    private static boolean substring(String s, Object item) {
        if (!isText(item)) {
            throw typeError("'in <string>' requires string as left operand, not " + Printer.typeName(item));
        }
        return s.contains(text(item));
    }

    // ---- iteration and length ----

    static Iterator<Object> iterator(Object v) {
        return iterator(v, "'" + Printer.typeName(v) + "' object is not iterable");
    }

    @SuppressWarnings("unchecked")
    private static Iterator<Object> iterator(Object v, String error) {
        return switch (v) {
            case List<?> l -> (Iterator<Object>) l.iterator();
            case PyTuple t -> t.items().iterator();
            case DictView view -> view.items().iterator();
            case Map<?, ?> m -> new ArrayList<Object>(m.keySet()).iterator();
            case String s -> s.codePoints().mapToObj(c -> (Object) Character.toString(c)).iterator();
            case Markup m -> m.text().codePoints().mapToObj(c -> (Object) Character.toString(c)).iterator();
            case Generator g -> g;
            case Undefined u -> List.of().iterator();
            case null, default -> throw typeError(error);
        };
    }

    /** {@code list(v)}. */
    static List<Object> toList(Object v) {
        List<Object> out = new ArrayList<>();
        iterator(v).forEachRemaining(out::add);
        return out;
    }

    static boolean isIterable(Object v) {
        return v instanceof List || v instanceof PyTuple || v instanceof Map || isText(v) || v instanceof Generator
                || v instanceof DictView || v instanceof Undefined;
    }

    /** {@code len(v)}. */
    static long length(Object v) {
        return switch (v) {
            case String s -> Text.length(s);
            case Markup m -> Text.length(m.text());
            case List<?> l -> l.size();
            case PyTuple t -> t.items().size();
            case Map<?, ?> m -> m.size();
            case DictView view -> view.items().size();
            case Undefined u -> 0;
            case null, default -> throw typeError("object of type '" + Printer.typeName(v) + "' has no len()");
        };
    }

    // ---- arithmetic ----

    static Object unary(String op, Object v) {
        if (v instanceof Undefined u) throw u.error();
        if (v instanceof Double d) return op.equals("-") ? -d : d;
        if (isInteger(v)) return op.equals("-") ? Math.negateExact(toLong(v)) : toLong(v);
        throw typeError("bad operand type for unary " + op + ": '" + Printer.typeName(v) + "'");
    }

    static Object binary(String op, Object a, Object b) {
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        if (isNumber(a) && isNumber(b)) return Arithmetic.numbers(op, a, b);
        return switch (op) {
            case "+" -> add(a, b);
            case "*" -> multiply(a, b);
            case "%" -> {
                if (isText(a)) yield PercentFormat.format(text(a), b);
                throw unsupported(op, a, b);
            }
            default -> throw unsupported(op, a, b);
        };
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Markup m && isText(b)) return new Markup(m.text() + Markup.escape(b));
        if (b instanceof Markup m && isText(a)) return new Markup(Markup.escape(a) + m.text());
        if (a instanceof String x && b instanceof String y) return x + y;
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        if (a instanceof PyTuple x && b instanceof PyTuple y) {
            List<Object> out = new ArrayList<>(x.items());
            out.addAll(y.items());
            return new PyTuple(out);
        }
        String kind = isText(a) ? "str" : a instanceof List ? "list" : a instanceof PyTuple ? "tuple" : null;
        if (kind != null) {
            throw typeError("can only concatenate " + kind + " (not \"" + Printer.typeName(b) + "\") to " + kind);
        }
        throw unsupported("+", a, b);
    }

    private static Object multiply(Object a, Object b) {
        Object sequence = isSequence(a) ? a : isSequence(b) ? b : null;
        Object count = sequence == a ? b : a;
        if (sequence == null) throw unsupported("*", a, b);
        if (!isInteger(count)) throw typeError("can't multiply sequence by non-int of type '" + Printer.typeName(count) + "'");
        int n = Math.toIntExact(Math.max(0, toLong(count)));
        if (isText(sequence)) return text(sequence).repeat(n);
        List<?> items = sequence instanceof PyTuple t ? t.items() : (List<?>) sequence;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.addAll(items);
        return sequence instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static boolean isSequence(Object v) {
        return isText(v) || v instanceof List || v instanceof PyTuple;
    }

    static TemplateException unsupported(String op, Object a, Object b) {
        return typeError("unsupported operand type(s) for " + op + ": '" + Printer.typeName(a) + "' and '"
                + Printer.typeName(b) + "'");
    }
}
