package dev.cairn.jinja;

import java.util.List;
import java.util.Map;

/** The arguments of a call to a filter, test, method or global: positional values and keywords. */
record Args(String function, List<Object> positional, Map<String, Object> keywords) {
    static final Args NONE = new Args("", List.of(), Map.of());

    /** The argument at {@code index} or named {@code name}, else {@code fallback}. */
    Object get(int index, String name, Object fallback) {
        if (index < positional.size()) return positional.get(index);
        return keywords.containsKey(name) ? keywords.get(name) : fallback;
    }

    boolean has(int index, String name) {
        return index < positional.size() || keywords.containsKey(name);
    }

    Object required(int index, String name) {
        if (!has(index, name)) {
            throw new TemplateException(TemplateException.Kind.TYPE,
                    function + "() missing required argument '" + name + "'");
        }
        return get(index, name, null);
    }

    /** The positional arguments from {@code index} on. */
    List<Object> rest(int index) {
        return positional.subList(Math.min(index, positional.size()), positional.size());
    }

    Args withFunction(String name) {
        return new Args(name, positional, keywords);
    }
}
