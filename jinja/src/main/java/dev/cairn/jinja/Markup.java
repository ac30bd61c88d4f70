package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string marked safe by the {@code safe} filter (markupsafe's {@code Markup}). Rendering is not autoescaped, but
 * {@code +} between a Markup and a plain string still HTML-escapes the plain one, as in Python.
 */
record Markup(String text) {
    /** The str methods markupsafe 3 overrides to return Markup. */
    private static final Set<String> SAFE_RESULTS = Set.of("capitalize", "title", "lower", "upper", "replace", "ljust",
            "rjust", "lstrip", "rstrip", "center", "strip", "swapcase", "zfill", "split", "rsplit", "splitlines", "join",
            "format", "partition", "rpartition", "removeprefix", "removesuffix");

    /**
     * {@code markup.method(args)} as markupsafe 3 has it: the result stays safe, and the text it inserts (the
     * replacement of {@code replace}, the fill character of {@code ljust}/{@code rjust}/{@code center}, the items of
     * {@code join}, the arguments of {@code format}) is escaped.
     */
    static Object call(Markup self, String method, Args args) {
        if (!SAFE_RESULTS.contains(method)) return StringMethods.call(self.text(), method, args);
        Args escaped = switch (method) {
            case "replace", "ljust", "rjust", "center" -> escapeArgument(args, 1);
            case "join" -> new Args(args.function(),
                    List.of(Operators.toList(args.required(0, "iterable")).stream().map(i -> (Object) escape(i)).toList()),
                    Map.of());
            case "format" -> new Args(args.function(), args.positional().stream().map(Markup::escapeText).toList(),
                    args.keywords().entrySet().stream().collect(LinkedHashMap<String, Object>::new,
                            (m, e) -> m.put(e.getKey(), escapeText(e.getValue())), Map::putAll));
            default -> args;
        };
        return wrap(StringMethods.call(self.text(), method, escaped));
    }

    private static Args escapeArgument(Args args, int index) {
        if (index >= args.positional().size()) return args;
        List<Object> positional = new ArrayList<>(args.positional());
        positional.set(index, escapeText(positional.get(index)));
        return new Args(args.function(), positional, args.keywords());
    }

    private static Object escapeText(Object arg) {
        return Operators.isText(arg) ? escape(arg) : arg;
    }

    private static Object wrap(Object result) {
        return switch (result) {
            case String s -> new Markup(s);
            case List<?> list -> list.stream().map(Markup::wrap).toList();
            case PyTuple t -> new PyTuple(t.items().stream().map(Markup::wrap).toList());
            default -> result;
        };
    }

    static String escape(Object value) {
        if (value instanceof Markup m) return m.text();
        String s = Printer.str(value);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&#34;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
