package dev.cairn.llm.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pushdown automaton over UTF-8 bytes that accepts exactly the JSON texts matching a subset of JSON Schema,
 * and every prefix of them: {@link #feed} returns the next state, or null when the byte cannot continue any
 * matching text. States are immutable (a persistent stack of frames), so a decoder can try every token of a
 * vocabulary from the same state.
 *
 * <p>Supported: {@code type} (one or a list: object, array, string, integer, number, boolean, null),
 * {@code properties} with {@code required} (no other keys are accepted, each key once), {@code items},
 * {@code enum} and {@code const} (any JSON values), {@code anyOf}/{@code oneOf} (told apart by the first byte),
 * {@code maxLength} and {@code maxItems}. An empty schema accepts any JSON value. Lengths are bounded (strings,
 * digits, items, depth; see {@link Bounds}) so every matched text ends: a small model cannot ramble forever
 * inside a string. JSON whitespace is limited to one space after {@code :} and {@code ,}.
 */
final class SchemaMatcher {
    /** Caps that keep every accepted text finite. */
    record Bounds(int maxStringBytes, int maxDigits, int maxItems, int maxDepth) {
        static final Bounds DEFAULT = new Bounds(128, 12, 8, 6);
    }

    /** One level of the automaton. Frames are immutable; {@code feed} returns the new stack or null. */
    interface Frame {
        Stack feed(int b, Stack below);

        /** A child value finished; {@code value} is the chosen enum/const text (for a {@link Call}'s name), else null. */
        default Stack resume(String value, Stack below) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no children");
        }
    }

    record Stack(Frame top, Stack below) {
        Stack push(Frame f) {
            return new Stack(f, this);
        }
    }

    /** The bottom: the value is complete; nothing more may follow. */
    record Done() implements Frame {
        public Stack feed(int b, Stack below) {
            return null;
        }
    }

    private record Root() implements Frame {
        public Stack feed(int b, Stack below) {
            return null;
        }

        @Override
        public Stack resume(String value, Stack below) {
            return new Stack(new Done(), null);
        }
    }

    private final Bounds bounds;

    SchemaMatcher(Bounds bounds) {
        this.bounds = bounds;
    }

    /** The initial state for one value matching {@code schema}. */
    Stack start(Map<String, ?> schema) {
        return new Stack(new Root(), null).push(valueFrame(schema, 0));
    }

    /** The initial state for a sequence of literal text and values described by {@code frame} (e.g. a tool call). */
    Stack start(Frame frame) {
        return new Stack(new Root(), null).push(frame);
    }

    static Stack step(Stack state, int b) {
        return state.top().feed(b & 0xFF, state.below());
    }

    static Stack step(Stack state, byte[] bytes) {
        Stack s = state;
        for (int i = 0; i < bytes.length && s != null; i++) s = step(s, bytes[i]);
        return s;
    }

    static boolean accepting(Stack state) {
        return state.top() instanceof Done;
    }

    /** Pops the finished top frame and tells its parent. */
    static Stack finish(Stack below, String value) {
        return below.top().resume(value, below.below());
    }

    private static List<Map<String, ?>> alternatives(Map<String, ?> schema) {
        for (String key : List.of("anyOf", "oneOf")) {
            if (schema.get(key) instanceof List<?> list && !list.isEmpty()) {
                List<Map<String, ?>> out = new ArrayList<>();
                for (Object o : list) if (o instanceof Map<?, ?> m) out.addAll(alternatives(cast(m)));
                return out;
            }
        }
        return List.of(schema);
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static Set<String> types(Map<String, ?> schema) {
        Object t = schema.get("type");
        if (t instanceof String s) return Set.of(s);
        if (t instanceof List<?> l) {
            Set<String> out = new HashSet<>();
            for (Object o : l) out.add(String.valueOf(o));
            return out;
        }
        if (schema.containsKey("properties")) return Set.of("object");
        if (schema.containsKey("items")) return Set.of("array");
        return Set.of("object", "array", "string", "integer", "number", "boolean", "null");
    }

    /** The start of a value: one optional space, then the first byte picks the alternative and the frame. */
    private record ValueStart(SchemaMatcher m, List<Map<String, ?>> alternatives, int depth, boolean spaced) implements Frame {
        public Stack feed(int b, Stack below) {
            if (b == ' ' && !spaced) return below.push(new ValueStart(m, alternatives, depth, true));
            for (Map<String, ?> schema : alternatives) {
                Stack s = m.startValue(schema, depth, b, below);
                if (s != null) return s;
            }
            return null;
        }
    }

    private Stack startValue(Map<String, ?> schema, int depth, int b, Stack below) {
        List<byte[]> literals = literals(schema);
        if (literals != null) return new Choice(literals, 0, null).feed(b, below);
        Set<String> types = types(schema);
        return switch (b) {
            case '"' -> types.contains("string") ? below.push(new Str(0, false, maxLength(schema))) : null;
            case '{' -> types.contains("object") && depth < bounds.maxDepth() ? below.push(new Obj(this, schema, depth, Set.of(), Obj.OPEN, null, 0)) : null;
            case '[' -> types.contains("array") && depth < bounds.maxDepth() ? below.push(new Arr(this, schema, depth, 0, Arr.OPEN)) : null;
            case 't' -> types.contains("boolean") ? new Choice(List.of(bytes("true")), 0, null).feed(b, below) : null;
            case 'f' -> types.contains("boolean") ? new Choice(List.of(bytes("false")), 0, null).feed(b, below) : null;
            case 'n' -> types.contains("null") ? new Choice(List.of(bytes("null")), 0, null).feed(b, below) : null;
            default -> {
                boolean integer = types.contains("integer"), number = types.contains("number");
                if (!integer && !number) yield null;
                yield new Num(!number, Num.START, 0, bounds.maxDigits()).feed(b, below);
            }
        };
    }

    private int maxLength(Map<String, ?> schema) {
        int cap = bounds.maxStringBytes();
        if (schema.get("maxLength") instanceof Number n) cap = (int) Math.min(cap, n.longValue());
        return cap;
    }

    private static List<byte[]> literals(Map<String, ?> schema) {
        if (schema.containsKey("const")) return List.of(bytes(ToolJson.write(schema.get("const"))));
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            List<byte[]> out = new ArrayList<>();
            for (Object v : values) out.add(bytes(ToolJson.write(v)));
            return out;
        }
        return null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    Frame valueFrame(Map<String, ?> schema, int depth) {
        return new ValueStart(this, alternatives(schema), depth, false);
    }

    /**
     * One of several exact byte strings (enum and const values as JSON, literal text); finishes with the matched
     * string once one is complete and no longer candidate extends it. When one is complete and a longer one may
     * still follow (enum 1 and 10), the next byte decides: it continues the longer or goes to the parent.
     */
    record Choice(List<byte[]> candidates, int at, String complete) implements Frame {
        public Stack feed(int b, Stack below) {
            List<byte[]> next = new ArrayList<>();
            for (byte[] c : candidates) if (c.length > at && (c[at] & 0xFF) == b) next.add(c);
            if (next.isEmpty()) {
                if (complete == null) return null;
                Stack parent = finish(below, complete);
                return parent == null || accepting(parent) ? null : step(parent, b);
            }
            int n = at + 1;
            String done = null;
            boolean longer = false;
            for (byte[] c : next) {
                if (c.length == n) done = new String(c, StandardCharsets.UTF_8);
                else longer = true;
            }
            if (done != null && !longer) return finish(below, done);
            return below.push(new Choice(next, n, done));
        }
    }

    /** Inside a free string, after the opening quote. */
    private record Str(int length, boolean escape, int max) implements Frame {
        public Stack feed(int b, Stack below) {
            if (escape) {
                return "\"\\/bfnrt".indexOf(b) >= 0 ? below.push(new Str(length + 1, false, max)) : null;
            }
            if (b == '"') return finish(below, null);
            if (length >= max || b < 0x20) return null;
            if (b == '\\') return length + 1 < max ? below.push(new Str(length + 1, true, max)) : null;
            return below.push(new Str(length + 1, false, max));
        }
    }

    /** A number: -?(0|[1-9][0-9]*)(.[0-9]+)? (integers without the fraction); ends at the byte after it. */
    private record Num(boolean integer, int phase, int digits, int maxDigits) implements Frame {
        static final int START = 0, SIGN = 1, ZERO = 2, INT = 3, DOT = 4, FRACTION = 5;

        public Stack feed(int b, Stack below) {
            boolean digit = b >= '0' && b <= '9';
            switch (phase) {
                case START:
                    if (b == '-') return below.push(new Num(integer, SIGN, 0, maxDigits));
                    // fall through
                case SIGN:
                    if (b == '0') return below.push(new Num(integer, ZERO, 1, maxDigits));
                    return digit ? below.push(new Num(integer, INT, 1, maxDigits)) : null;
                case INT:
                    if (digit) return digits < maxDigits ? below.push(new Num(integer, INT, digits + 1, maxDigits)) : null;
                    // fall through
                case ZERO:
                    if (b == '.' && !integer) return below.push(new Num(integer, DOT, digits, maxDigits));
                    return end(b, below);
                case DOT:
                    return digit ? below.push(new Num(integer, FRACTION, digits + 1, maxDigits)) : null;
                case FRACTION:
                    if (digit) return digits < maxDigits ? below.push(new Num(integer, FRACTION, digits + 1, maxDigits)) : null;
                    return end(b, below);
                default:
                    return null;
            }
        }

        private static Stack end(int b, Stack below) {
            if (b != ',' && b != '}' && b != ']') return null;
            Stack parent = finish(below, null);
            return parent == null || accepting(parent) ? null : step(parent, b);
        }
    }

    /** An object: declared properties only (each once, required ones before the end), or free keys without them. */
    private record Obj(SchemaMatcher m, Map<String, ?> schema, int depth, Set<String> seen, int phase, String key,
                       int spaces) implements Frame {
        static final int OPEN = 0, AFTER_KEY = 1, AFTER_VALUE = 2, AFTER_COMMA = 3, AFTER_COLON = 4;

        private Map<String, ?> properties() {
            return schema.get("properties") instanceof Map<?, ?> p ? cast(p) : Map.of();
        }

        private boolean freeKeys() {
            return properties().isEmpty() && !Boolean.FALSE.equals(schema.get("additionalProperties"));
        }

        private boolean requiredSeen() {
            if (schema.get("required") instanceof List<?> required) {
                for (Object r : required) if (!seen.contains(String.valueOf(r))) return false;
            }
            return true;
        }

        private List<byte[]> remainingKeys() {
            List<byte[]> keys = new ArrayList<>();
            for (String k : properties().keySet()) if (!seen.contains(k)) keys.add(bytes(ToolJson.write(k)));
            return keys;
        }

        private boolean mayAddKey() {
            return freeKeys() ? seen.size() < m.bounds.maxItems() : !remainingKeys().isEmpty();
        }

        public Stack feed(int b, Stack below) {
            switch (phase) {
                case OPEN, AFTER_COMMA -> {
                    if (b == ' ' && phase == AFTER_COMMA && spaces == 0) return below.push(with(phase, key, 1));
                    if (b == '}' && phase == OPEN && requiredSeen()) return finish(below, null);
                    if (b != '"' || !mayAddKey()) return null;
                    if (freeKeys()) return below.push(with(AFTER_KEY, null, 0)).push(new Str(0, false, m.bounds.maxStringBytes()));
                    return new Choice(remainingKeys(), 0, null).feed(b, below.push(with(AFTER_KEY, null, 0)));
                }
                case AFTER_KEY -> {
                    return b == ':' ? below.push(with(AFTER_COLON, key, 0)) : null;
                }
                case AFTER_COLON -> {
                    Object propertySchema = key == null ? Map.of() : properties().get(key);
                    Map<String, ?> s = propertySchema instanceof Map<?, ?> p ? cast(p) : Map.of();
                    Set<String> nowSeen = new HashSet<>(seen);
                    nowSeen.add(key == null ? "#" + seen.size() : key);
                    Obj next = new Obj(m, schema, depth, Set.copyOf(nowSeen), AFTER_VALUE, null, 0);
                    return step(below.push(next).push(m.valueFrame(s, depth + 1)), b);
                }
                case AFTER_VALUE -> {
                    if (b == '}' && requiredSeen()) return finish(below, null);
                    if (b == ',' && mayAddKey()) return below.push(with(AFTER_COMMA, null, 0));
                    return null;
                }
                default -> {
                    return null;
                }
            }
        }

        @Override
        public Stack resume(String value, Stack below) {
            if (phase != AFTER_KEY) return below.push(this); // a value finished: wait for ',' or '}'
            String k = value == null ? null : (String) ToolJson.parse(value);
            return below.push(with(AFTER_KEY, k, 0));
        }

        private Obj with(int phase, String key, int spaces) {
            return new Obj(m, schema, depth, seen, phase, key, spaces);
        }
    }

    /** An array of {@code items} (any values without it), at most maxItems of them. */
    private record Arr(SchemaMatcher m, Map<String, ?> schema, int depth, int count, int phase) implements Frame {
        static final int OPEN = 0, AFTER_VALUE = 1, AFTER_COMMA = 2;

        private int maxItems() {
            int cap = m.bounds.maxItems();
            if (schema.get("maxItems") instanceof Number n) cap = (int) Math.min(cap, n.longValue());
            return cap;
        }

        private Map<String, ?> items() {
            return schema.get("items") instanceof Map<?, ?> i ? cast(i) : Map.of();
        }

        public Stack feed(int b, Stack below) {
            switch (phase) {
                case OPEN -> {
                    if (b == ']') return finish(below, null);
                    if (count >= maxItems()) return null;
                    return step(below.push(new Arr(m, schema, depth, count + 1, AFTER_VALUE)).push(m.valueFrame(items(), depth + 1)), b);
                }
                case AFTER_COMMA -> {
                    return step(below.push(new Arr(m, schema, depth, count + 1, AFTER_VALUE)).push(m.valueFrame(items(), depth + 1)), b);
                }
                default -> {
                    if (b == ']') return finish(below, null);
                    if (b == ',' && count < maxItems()) return below.push(new Arr(m, schema, depth, count, AFTER_COMMA));
                    return null;
                }
            }
        }

        @Override
        public Stack resume(String value, Stack below) {
            return below.push(this);
        }
    }

    /**
     * A tool call: {@code namePrefix}, one of the tools' names (as a JSON string when {@code quoted}, else raw),
     * {@code argumentsPrefix}, arguments matching that tool's parameters, then {@code close} (may be empty).
     * JSON-style calls are {@code {"name": "get_weather", "arguments": {...}}}, spaced as chat templates write them.
     */
    Frame call(Map<String, ? extends Map<String, ?>> parametersByName, String namePrefix, boolean quoted,
               String argumentsPrefix, String close) {
        List<byte[]> names = new ArrayList<>();
        for (String name : parametersByName.keySet()) names.add(bytes(quoted ? ToolJson.write(name) : name));
        var shape = new CallShape(bytes(namePrefix), names, quoted, bytes(argumentsPrefix), bytes(close));
        return new Call(this, parametersByName, shape, namePrefix.isEmpty() ? Call.NAME : Call.NAME_PREFIX, null);
    }

    private record CallShape(byte[] namePrefix, List<byte[]> names, boolean quoted, byte[] argumentsPrefix, byte[] close) {
    }

    private record Call(SchemaMatcher m, Map<String, ? extends Map<String, ?>> parameters, CallShape shape, int phase,
                        String name) implements Frame {
        static final int NAME_PREFIX = 0, NAME = 1, ARGUMENTS_PREFIX = 2, ARGUMENTS = 3, CLOSE = 4;

        public Stack feed(int b, Stack below) {
            return switch (phase) {
                case NAME_PREFIX -> new Choice(List.of(shape.namePrefix()), 0, null).feed(b, below.push(with(NAME, null)));
                case NAME -> new Choice(shape.names(), 0, null).feed(b, below.push(with(ARGUMENTS_PREFIX, null)));
                case ARGUMENTS_PREFIX -> new Choice(List.of(shape.argumentsPrefix()), 0, null).feed(b, below.push(with(ARGUMENTS, name)));
                case ARGUMENTS -> {
                    Frame next = shape.close().length == 0 ? new Closed() : with(CLOSE, name);
                    yield step(below.push(next).push(m.valueFrame(parameters.get(name), 1)), b);
                }
                case CLOSE -> new Choice(List.of(shape.close()), 0, null).feed(b, below);
                default -> null;
            };
        }

        @Override
        public Stack resume(String value, Stack below) {
            if (phase == ARGUMENTS_PREFIX && name == null) {
                return below.push(with(ARGUMENTS_PREFIX, shape.quoted() ? (String) ToolJson.parse(value) : value));
            }
            return below.push(this);
        }

        private Call with(int phase, String name) {
            return new Call(m, parameters, shape, phase, name);
        }
    }

    /** Passes a finished value straight to the parent (a call with nothing after its arguments). */
    private record Closed() implements Frame {
        public Stack feed(int b, Stack below) {
            return null;
        }

        @Override
        public Stack resume(String value, Stack below) {
            return finish(below, null);
        }
    }
}
