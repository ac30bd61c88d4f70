package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cairn.jinja.TemplateException.Kind;

/**
 * The Python methods templates call on strings, dicts and lists ({@code s.strip()}, {@code d.get(k)},
 * {@code d.items()}...). Methods that mutate are refused, as the immutable sandbox does.
 */
final class Methods {
    private Methods() {}

    private static final Set<String> STRING = Set.of("strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
            "startswith", "endswith", "replace", "upper", "lower", "title", "capitalize", "find", "rfind", "count",
            "join", "format", "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper",
            "islower", "index", "rindex", "removeprefix", "removesuffix", "partition", "rpartition", "ljust", "rjust",
            "center", "zfill", "casefold", "swapcase");
    private static final Set<String> DICT = Set.of("get", "items", "keys", "values", "copy");
    private static final Set<String> DICT_UNSAFE = Set.of("update", "pop", "popitem", "setdefault", "clear");
    private static final Set<String> LIST = Set.of("index", "count", "copy");
    private static final Set<String> LIST_UNSAFE = Set.of("append", "extend", "insert", "pop", "remove", "reverse",
            "sort", "clear");

    /** The method {@code name} of {@code obj}: a bound method, an unsafe placeholder, or null when it has none. */
    static Object lookup(Object obj, String name) {
        if (Operators.isText(obj) && STRING.contains(name)) return new BoundMethod(obj, name);
        if (obj instanceof Map) {
            if (DICT.contains(name)) return new BoundMethod(obj, name);
            if (DICT_UNSAFE.contains(name)) return Undefined.unsafe(obj, name);
        }
        if (obj instanceof List || obj instanceof PyTuple) {
            if (LIST.contains(name) && !(obj instanceof PyTuple && name.equals("copy"))) return new BoundMethod(obj, name);
            if (obj instanceof List && LIST_UNSAFE.contains(name)) return Undefined.unsafe(obj, name);
        }
        return null;
    }

    static Object call(BoundMethod method, Args args) {
        Object self = method.self();
        if (self instanceof LoopContext loop) return loop.cycle(args.positional());
        if (self instanceof Markup m) return Markup.call(m, method.name(), args);
        if (self instanceof String s) return StringMethods.call(s, method.name(), args);
        if (self instanceof Map<?, ?> map) return dict(map, method.name(), args);
        List<?> items = self instanceof PyTuple t ? t.items() : (List<?>) self;
        return switch (method.name()) {
            case "index" -> {
                Object x = args.required(0, "value");
                for (int i = 0; i < items.size(); i++) if (Operators.equal(items.get(i), x)) yield (long) i;
                throw new TemplateException(Kind.VALUE, Printer.repr(x) + " is not in list");
            }
            case "count" -> items.stream().filter(i -> Operators.equal(i, args.required(0, "value"))).count();
            case "copy" -> new ArrayList<Object>(items);
            default -> throw new IllegalStateException(method.name());
        };
    }

    private static Object dict(Map<?, ?> map, String name, Args args) {
        return switch (name) {
            case "get" -> {
                Object key = Operators.findKey(map, args.required(0, "key"));
                yield key != Operators.NO_KEY ? map.get(key) : args.get(1, "default", null);
            }
            case "items" -> {
                List<Object> out = new ArrayList<>();
                map.forEach((k, v) -> out.add(new PyTuple(Arrays.asList(k, v))));
                yield new DictView("dict_items", out);
            }
            case "keys" -> new DictView("dict_keys", new ArrayList<Object>(map.keySet()));
            case "values" -> new DictView("dict_values", new ArrayList<Object>(map.values()));
            case "copy" -> new LinkedHashMap<Object, Object>(map);
            default -> throw new IllegalStateException(name);
        };
    }
}
