package dev.cairn.jinja;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii, indent, separators, sort_keys)}, byte for byte: {@code ", "} and
 * {@code ": "} separators ({@code ","} between items once indenting), floats as Python's repr, NaN as {@code NaN}.
 * Only the {@code tojson} filter uses it. It is not Cairn's JSON codec (that is Jackson 3) and not a twin of the llm
 * module's {@code ToolJson}: a chat template's output must equal the reference Jinja's to the byte (the prompt's
 * tokens depend on it), so spacing, key order, float text and escapes follow Python, not Jackson; and it only writes.
 */
final class PythonJson {
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final StringBuilder out = new StringBuilder();

    private PythonJson(boolean ensureAscii, String indent, String itemSeparator, String keySeparator, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
    }

    /**
     * @param indent null for one line, else the text of one indentation level
     * @param separators null for the defaults, else the item and key separators
     */
    static String dumps(Object value, boolean ensureAscii, String indent, List<String> separators, boolean sortKeys) {
        String item = separators != null ? separators.get(0) : indent == null ? ", " : ",";
        String key = separators != null ? separators.get(1) : ": ";
        PythonJson json = new PythonJson(ensureAscii, indent, item, key, sortKeys);
        json.write(value, 0);
        return json.out.toString();
    }

    private void write(Object value, int level) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Long l -> out.append(l);
            case Double d -> out.append(number(d));
            case String s -> string(s);
            case Markup m -> string(m.text());
            case List<?> list -> array(list, level);
            case PyTuple t -> array(t.items(), level);
            case Map<?, ?> map -> object(map, level);
            default -> throw new TemplateException(TemplateException.Kind.TYPE,
                    "Object of type " + Printer.typeName(value) + " is not JSON serializable");
        }
    }

    private static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Printer.floatRepr(d);
    }

    private void newline(int level) {
        if (indent != null) out.append('\n').append(indent.repeat(level));
    }

    private void array(List<?> items, int level) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(itemSeparator);
            newline(level + 1);
            write(items.get(i), level + 1);
        }
        newline(level);
        out.append(']');
    }

    private void object(Map<?, ?> map, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) entries.add(new AbstractMap.SimpleImmutableEntry<>(key(e.getKey()), e.getValue()));
        if (sortKeys) entries.sort(Map.Entry.comparingByKey(Operators::compareStrings));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) out.append(itemSeparator);
            first = false;
            newline(level + 1);
            string(e.getKey());
            out.append(keySeparator);
            write(e.getValue(), level + 1);
        }
        newline(level);
        out.append('}');
    }

    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case Markup m -> m.text();
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Long l -> l.toString();
            case Double d -> number(d);
            default -> throw new TemplateException(TemplateException.Kind.TYPE,
                    "keys must be str, int, float, bool or None, not " + Printer.typeName(key));
        };
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
