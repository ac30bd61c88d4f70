package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandboxed environment's {@code getattr} ({@code x.name}: attribute, then item) and {@code getitem}
 * ({@code x[key]}: item, then attribute). What neither finds is undefined, not an error.
 */
final class Attributes {
    private Attributes() {}

    /**
     * A Python slice {@code start:stop:step} with absent parts null, as a subscript value. Jinja2 applies slices
     * directly, bypassing the sandbox's lenient getitem, so slicing a value that is not a sequence fails.
     */
    record SliceKey(Object start, Object stop, Object step) {}

    static Object getattr(Object obj, String name) {
        return switch (obj) {
            case Undefined u -> throw u.error();
            case Map<?, ?> map -> {
                Object method = Methods.lookup(map, name);
                if (method != null) yield method;
                Object key = Operators.findKey(map, name);
                yield key != Operators.NO_KEY ? map.get(key) : Undefined.member(obj, name);
            }
            case Namespace ns -> ns.attributes.containsKey(name) ? ns.attributes.get(name) : Undefined.member(obj, name);
            case LoopContext loop -> loop.attribute(name);
            case PyTuple t when t.names().contains(name) -> t.items().get(t.names().indexOf(name));
            case null, default -> {
                Object method = Methods.lookup(obj, name);
                yield method != null ? method : Undefined.member(obj, name);
            }
        };
    }

    static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) throw u.error();
        if (key instanceof SliceKey slice) return slice(obj, slice);
        switch (obj) {
            case Map<?, ?> map -> {
                Object found = Operators.findKey(map, key);
                if (found != Operators.NO_KEY) return map.get(found);
            }
            case List<?> list -> {
                if (Operators.isInteger(key)) return index(obj, list, Operators.toLong(key), key);
            }
            case PyTuple tuple -> {
                if (Operators.isInteger(key)) return index(obj, tuple.items(), Operators.toLong(key), key);
            }
            case String s -> {
                if (Operators.isInteger(key)) return charAt(obj, s, Operators.toLong(key), key);
            }
            case Markup m -> {
                if (Operators.isInteger(key)) return charAt(obj, m.text(), Operators.toLong(key), key);
            }
            case null, default -> { }
        }
        if (key instanceof String name && obj != null) {
            Object attribute = obj instanceof Map ? Methods.lookup(obj, name) : getattr(obj, name);
            if (attribute != null && !(attribute instanceof Undefined)) return attribute;
        }
        return Undefined.member(obj, key);
    }

    private static Object index(Object obj, List<?> items, long i, Object key) {
        long at = i < 0 ? i + items.size() : i;
        return at >= 0 && at < items.size() ? items.get((int) at) : Undefined.member(obj, key);
    }

    private static Object charAt(Object obj, String s, long i, Object key) {
        int[] cps = Text.codePoints(s);
        long at = i < 0 ? i + cps.length : i;
        return at >= 0 && at < cps.length ? Character.toString(cps[(int) at]) : Undefined.member(obj, key);
    }

    private static Object slice(Object obj, SliceKey key) {
        List<Object> items;
        switch (obj) {
            case List<?> l -> items = new ArrayList<>(l);
            case PyTuple t -> items = t.items();
            case String s -> items = codePointList(s);
            case Markup m -> items = codePointList(m.text());
            case Map<?, ?> m -> throw Operators.typeError("unhashable type: 'slice'");
            case null, default -> throw Operators.typeError("'" + Printer.typeName(obj) + "' object is not subscriptable");
        }
        List<Object> picked = new ArrayList<>();
        for (int i : indices(items.size(), key)) picked.add(items.get(i));
        return switch (obj) {
            case List<?> l -> picked;
            case PyTuple t -> new PyTuple(picked);
            default -> {
                StringBuilder sb = new StringBuilder();
                for (Object c : picked) sb.append((String) c);
                yield obj instanceof Markup ? new Markup(sb.toString()) : sb.toString();
            }
        };
    }

    private static List<Object> codePointList(String s) {
        List<Object> out = new ArrayList<>();
        s.codePoints().forEach(c -> out.add(Character.toString(c)));
        return out;
    }

    /** The indices {@code range(len)[slice]} selects, as Python's {@code slice.indices} computes them. */
    private static int[] indices(int length, SliceKey key) {
        long step = key.step() == null ? 1 : sliceInt(key.step());
        if (step == 0) throw new TemplateException(TemplateException.Kind.VALUE, "slice step cannot be zero");
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? length - 1 : length;
        long start = key.start() == null ? (step < 0 ? upper : lower) : clamp(sliceInt(key.start()), length, lower, upper);
        long stop = key.stop() == null ? (step < 0 ? lower : upper) : clamp(sliceInt(key.stop()), length, lower, upper);
        List<Integer> out = new ArrayList<>();
        if (step > 0) for (long i = start; i < stop; i += step) out.add((int) i);
        else for (long i = start; i > stop; i += step) out.add((int) i);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long clamp(long v, int length, long lower, long upper) {
        if (v < 0) return Math.max(v + length, lower);
        return Math.min(v, upper);
    }

    private static long sliceInt(Object v) {
        if (!Operators.isInteger(v)) {
            throw Operators.typeError("slice indices must be integers or None or have an __index__ method");
        }
        return Operators.toLong(v);
    }
}
