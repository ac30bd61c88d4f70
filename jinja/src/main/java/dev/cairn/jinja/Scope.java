package dev.cairn.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables of one frame: the globals, the render context, the template's top level, a loop iteration or a
 * macro call. Lookups walk outwards; assignments always bind in this frame, as Jinja2's scoping does.
 */
final class Scope {
    private static final Object MISSING = new Object();

    private final Scope parent;
    private final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object v = s.vars.getOrDefault(name, MISSING);
            if (v != MISSING) return v;
        }
        return Undefined.name(name);
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
