package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.cairn.jinja.TemplateException.Kind;

/**
 * Filters over sequences. Like Jinja2's, {@code map}, {@code select}, {@code reject}, {@code selectattr},
 * {@code rejectattr}, {@code unique}, {@code items} and {@code batch} return lazy one-shot generators.
 */
final class SequenceFilters {
    private SequenceFilters() {}

    private static final Set<String> NAMES = Set.of("batch", "count", "dictsort", "first", "items", "join", "last",
            "length", "list", "map", "max", "min", "groupby", "reject", "rejectattr", "reverse", "select", "selectattr", "sort",
            "sum", "unique");

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object apply(String name, Object v, Args a) {
        return switch (name) {
            case "count", "length" -> Operators.length(v);
            case "list" -> Operators.toList(v);
            case "first" -> {
                Iterator<Object> it = Operators.iterator(v);
                yield it.hasNext() ? it.next() : Undefined.hint("No first item, sequence was empty.");
            }
            case "last" -> last(v);
            case "items" -> items(v);
            case "join" -> join(v, a);
            case "map" -> new Generator("sync_do_map", lazy(() -> Operators.truthy(v)
                    ? mapped(Operators.iterator(v), mapper(a)) : List.of().iterator()));
            case "select" -> selectOrReject(v, a, false, true);
            case "reject" -> selectOrReject(v, a, false, false);
            case "selectattr" -> selectOrReject(v, a, true, true);
            case "rejectattr" -> selectOrReject(v, a, true, false);
            case "unique" -> unique(v, a);
            case "sort" -> sort(v, a);
            case "dictsort" -> dictsort(v, a);
            case "reverse" -> reverse(v);
            case "sum" -> sum(v, a);
            case "min", "max" -> minMax(v, a, name.equals("max"));
            case "batch" -> batch(v, a);
            case "groupby" -> groupby(v, a);
            default -> throw new IllegalStateException(name);
        };
    }

    private static Object last(Object v) {
        boolean reversible = v instanceof List || v instanceof PyTuple || Operators.isText(v) || v instanceof Map
                || v instanceof DictView || v instanceof Undefined;
        if (!reversible) throw Operators.typeError("'" + Printer.typeName(v) + "' object is not reversible");
        List<Object> items = Operators.toList(v);
        return items.isEmpty() ? Undefined.hint("No last item, sequence was empty.") : items.getLast();
    }

    private static Object items(Object v) {
        return new Generator("do_items", lazy(() -> {
            if (v instanceof Undefined) return List.of().iterator();
            if (!(v instanceof Map<?, ?> map)) throw Operators.typeError("Can only get item pairs from a mapping.");
            List<Object> pairs = new ArrayList<>();
            map.forEach((k, value) -> pairs.add(new PyTuple(Arrays.asList(k, value))));
            return pairs.iterator();
        }));
    }

    private static String join(Object v, Args a) {
        String separator = Printer.str(a.get(0, "d", ""));
        Object attribute = a.get(1, "attribute", null);
        Iterator<Object> it = Operators.iterator(v);
        if (attribute != null) it = mapped(it, attributeGetter(attribute, null));
        StringBuilder out = new StringBuilder();
        for (boolean first = true; it.hasNext(); first = false) {
            if (!first) out.append(separator);
            out.append(Printer.str(it.next()));
        }
        return out.toString();
    }

    /** Jinja2's {@code make_attrgetter}: dotted path, integer parts as indexes, each step a {@code getitem}. */
    static Function<Object, Object> attributeGetter(Object attribute, Object fallback) {
        List<Object> parts = new ArrayList<>();
        if (Operators.isText(attribute)) {
            for (Object part : Text.split(Operators.text(attribute), ".", -1)) {
                String p = (String) part;
                parts.add(!p.isEmpty() && p.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(p) : p);
            }
        } else {
            parts.add(attribute);
        }
        return item -> {
            Object value = item;
            for (Object part : parts) value = Attributes.getitem(value, part);
            return fallback != null && value instanceof Undefined ? fallback : value;
        };
    }

    private static Function<Object, Object> mapper(Args a) {
        if (a.positional().isEmpty() && a.keywords().containsKey("attribute")) {
            return attributeGetter(a.keywords().get("attribute"), a.keywords().get("default"));
        }
        if (a.positional().isEmpty()) throw new TemplateException(Kind.FILTER_ARGUMENT, "map requires a filter argument");
        String filter = Printer.str(a.positional().getFirst());
        if (!Filters.exists(filter)) throw new TemplateException(Kind.RUNTIME, "No filter named '" + filter + "'.");
        Args rest = new Args(filter, a.rest(1), a.keywords());
        return item -> Filters.apply(filter, item, rest);
    }

    private static Object selectOrReject(Object v, Args a, boolean byAttribute, boolean select) {
        return new Generator("select_or_reject", lazy(() -> Operators.truthy(v)
                ? selected(v, a, byAttribute, select) : List.of().iterator()));
    }

    private static Iterator<Object> selected(Object v, Args a, boolean byAttribute, boolean select) {
        Function<Object, Object> transform = byAttribute ? attributeGetter(a.required(0, "attribute"), null) : x -> x;
        int offset = byAttribute ? 1 : 0;
        Predicate<Object> test;
        if (a.positional().size() > offset) {
            String name = Printer.str(a.positional().get(offset));
            if (!Tests.exists(name)) throw new TemplateException(Kind.RUNTIME, "No test named '" + name + "'.");
            Args rest = new Args(name, a.rest(offset + 1), a.keywords());
            test = item -> Tests.apply(name, item, rest);
        } else {
            test = Operators::truthy;
        }
        return filtered(Operators.iterator(v), item -> test.test(transform.apply(item)) == select);
    }

    private static Object unique(Object v, Args a) {
        boolean caseSensitive = Operators.truthy(a.get(0, "case_sensitive", false));
        Object attribute = a.get(1, "attribute", null);
        Function<Object, Object> key = sortKey(attribute, caseSensitive);
        List<Object> seen = new ArrayList<>();
        return new Generator("do_unique", filtered(lazy(() -> Operators.iterator(v)), item -> {
            Object k = key.apply(item);
            if (seen.stream().anyMatch(s -> Operators.equal(s, k))) return false;
            seen.add(k);
            return true;
        }));
    }

    /** Jinja2's sort key: an optional attribute, with strings lower-cased unless case-sensitive. */
    private static Function<Object, Object> sortKey(Object attribute, boolean caseSensitive) {
        Function<Object, Object> get = attribute == null ? x -> x : attributeGetter(attribute, null);
        return item -> {
            Object value = get.apply(item);
            return !caseSensitive && Operators.isText(value) ? Text.lower(Operators.text(value)) : value;
        };
    }

    /**
     * Jinja2's {@code sort}: the key of an item is the list of its attributes (comma-separated), so items with
     * equal keys are never ordered with {@code <} and a list of Nones sorts.
     */
    private static List<Object> sort(Object v, Args a) {
        boolean reverse = Operators.truthy(a.get(0, "reverse", false));
        boolean caseSensitive = Operators.truthy(a.get(1, "case_sensitive", false));
        Object attribute = a.get(2, "attribute", null);
        List<Function<Object, Object>> keys = new ArrayList<>();
        if (Operators.isText(attribute)) {
            for (Object part : Text.split(Operators.text(attribute), ",", -1)) keys.add(sortKey(part, caseSensitive));
        } else {
            keys.add(sortKey(attribute, caseSensitive));
        }
        Function<Object, Object> key = item -> keys.stream().map(k -> k.apply(item)).toList();
        List<Object> items = Operators.toList(v);
        Comparator<Object> order = (x, y) -> Operators.compare(key.apply(x), key.apply(y), "<");
        items.sort(reverse ? order.reversed() : order);
        return items;
    }

    private static List<Object> dictsort(Object v, Args a) {
        if (v instanceof Undefined u) throw u.error();
        if (!(v instanceof Map<?, ?> map)) {
            throw new TemplateException(Kind.ATTRIBUTE, "'" + Printer.typeName(v) + "' object has no attribute 'items'");
        }
        boolean caseSensitive = Operators.truthy(a.get(0, "case_sensitive", false));
        String by = Printer.str(a.get(1, "by", "key"));
        boolean reverse = Operators.truthy(a.get(2, "reverse", false));
        int position = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateException(Kind.FILTER_ARGUMENT, "You can only sort by either \"key\" or \"value\"");
        };
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, value) -> pairs.add(new PyTuple(Arrays.asList(k, value))));
        Function<Object, Object> key = sortKey(null, caseSensitive);
        Comparator<Object> order = (x, y) -> Operators.compare(key.apply(((PyTuple) x).items().get(position)),
                key.apply(((PyTuple) y).items().get(position)), "<");
        pairs.sort(reverse ? order.reversed() : order);
        return pairs;
    }

    private static Object reverse(Object v) {
        if (Operators.isText(v)) return Text.fromCodePoints(reversed(Text.codePoints(Operators.text(v))), 0, Text.length(Operators.text(v)));
        List<Object> items;
        try {
            items = Operators.toList(v);
        } catch (TemplateException e) {
            if (e.kind() != Kind.TYPE) throw e;
            throw new TemplateException(Kind.FILTER_ARGUMENT, "argument must be iterable");
        }
        java.util.Collections.reverse(items);
        String type = switch (v) {
            case List<?> l -> "list_reverseiterator";
            case Map<?, ?> m -> "dict_reversekeyiterator";
            case Generator g -> null;
            default -> "reversed";
        };
        return type == null ? items : new Generator(type, "reversed", items.iterator());
    }

    private static Object sum(Object v, Args a) {
        Object attribute = a.get(0, "attribute", null);
        Object total = a.get(1, "start", 0L);
        Iterator<Object> it = Operators.iterator(v);
        if (attribute != null) it = mapped(it, attributeGetter(attribute, null));
        while (it.hasNext()) total = Operators.binary("+", total, it.next());
        return total;
    }

    private static Object minMax(Object v, Args a, boolean max) {
        Function<Object, Object> key = sortKey(a.get(1, "attribute", null), Operators.truthy(a.get(0, "case_sensitive", false)));
        List<Object> items = Operators.toList(v);
        if (items.isEmpty()) return Undefined.hint("No aggregated item, sequence was empty.");
        Object best = items.getFirst();
        String op = max ? ">" : "<";
        for (Object item : items.subList(1, items.size())) {
            if (Operators.compareOp(op, key.apply(item), key.apply(best))) best = item;
        }
        return best;
    }

    /** Jinja2's {@code groupby}: items sorted by an attribute, grouped into (grouper, list) named tuples. */
    private static List<Object> groupby(Object v, Args a) {
        Object attribute = a.required(0, "attribute");
        Object fallback = a.get(1, "default", null);
        boolean caseSensitive = Operators.truthy(a.get(2, "case_sensitive", false));
        Function<Object, Object> exact = attributeGetter(attribute, fallback);
        Function<Object, Object> key = item -> {
            Object value = exact.apply(item);
            return !caseSensitive && Operators.isText(value) ? Text.lower(Operators.text(value)) : value;
        };
        List<Object> items = Operators.toList(v);
        items.sort((x, y) -> Operators.compare(key.apply(x), key.apply(y), "<"));
        List<Object> groups = new ArrayList<>();
        List<Object> group = null;
        Object groupKey = null;
        for (Object item : items) {
            Object k = key.apply(item);
            if (group == null || !Operators.equal(k, groupKey)) {
                group = new ArrayList<>();
                groupKey = k;
                groups.add(group);
            }
            group.add(item);
        }
        List<Object> out = new ArrayList<>();
        for (Object g : groups) {
            List<?> members = (List<?>) g;
            out.add(new PyTuple(List.of(exact.apply(members.getFirst()), members), List.of("grouper", "list")));
        }
        return out;
    }

    private static Object batch(Object v, Args a) {
        int size = (int) Operators.toLong(a.required(0, "linecount"));
        boolean fill = a.has(1, "fill_with");
        Object filler = a.get(1, "fill_with", null);
        List<Object> items = Operators.toList(v);
        List<Object> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            List<Object> batch = new ArrayList<>(items.subList(i, Math.min(i + size, items.size())));
            while (fill && batch.size() < size) batch.add(filler);
            batches.add(batch);
        }
        return new Generator("do_batch", batches.iterator());
    }

    /** An iterator made on first use, so that like a Python generator nothing runs until it is consumed. */
    private static Iterator<Object> lazy(Supplier<Iterator<Object>> source) {
        return new Iterator<>() {
            private Iterator<Object> it;

            @Override
            public boolean hasNext() {
                if (it == null) it = source.get();
                return it.hasNext();
            }

            @Override
            public Object next() {
                if (!hasNext()) throw new NoSuchElementException();
                return it.next();
            }
        };
    }

    private static int[] reversed(int[] codePoints) {
        int[] out = new int[codePoints.length];
        for (int i = 0; i < codePoints.length; i++) out[i] = codePoints[codePoints.length - 1 - i];
        return out;
    }

    private static Iterator<Object> mapped(Iterator<Object> source, Function<Object, Object> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Object next() {
                return f.apply(source.next());
            }
        };
    }

    /** The items of {@code source} that {@code keep} accepts, tested lazily as they are pulled. */
    static Iterator<Object> filtered(Iterator<Object> source, Predicate<Object> keep) {
        return new Iterator<>() {
            private Object pending;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && source.hasNext()) {
                    Object item = source.next();
                    if (keep.test(item)) {
                        pending = item;
                        ready = true;
                    }
                }
                return ready;
            }

            @Override
            public Object next() {
                if (!hasNext()) throw new NoSuchElementException();
                ready = false;
                return pending;
            }
        };
    }
}
