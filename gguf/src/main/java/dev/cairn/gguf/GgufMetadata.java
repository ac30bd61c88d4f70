package dev.cairn.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file, in file order. Typed getters accept any stored type that holds the
 * value exactly (an INT32, UINT8 or UINT64 key all serve {@link #getInt}); a missing key or a value of another
 * kind is a {@link GgufFormatException} naming the key and the file. The {@code find...} variants return empty
 * for a missing key but still reject a value of the wrong kind.
 */
public final class GgufMetadata {
    private final String source;
    private final Map<String, Object> values;
    private final Map<String, GgufValueType> types;

    GgufMetadata(String source, Map<String, Object> values, Map<String, GgufValueType> types) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** The keys in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The stored type of {@code key}, or empty. */
    public Optional<GgufValueType> type(String key) {
        return Optional.ofNullable(types.get(key));
    }

    /** The raw value of {@code key} as described in {@link GgufValueType}, or empty. */
    public Optional<Object> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The raw value of {@code key} as described in {@link GgufValueType}. */
    public Object get(String key) {
        return require(key);
    }

    public String getString(String key) {
        return asString(key, require(key));
    }

    public Optional<String> findString(String key) {
        return find(key).map(v -> asString(key, v));
    }

    public int getInt(String key) {
        return asInt(key, require(key));
    }

    public Optional<Integer> findInt(String key) {
        return find(key).map(v -> asInt(key, v));
    }

    public long getLong(String key) {
        return asLong(key, require(key));
    }

    public Optional<Long> findLong(String key) {
        return find(key).map(v -> asLong(key, v));
    }

    /** A FLOAT32 or FLOAT64 value (the latter narrowed), or an integer value converted. */
    public float getFloat(String key) {
        return asFloat(key, require(key));
    }

    public Optional<Float> findFloat(String key) {
        return find(key).map(v -> asFloat(key, v));
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return findBoolean(key).orElse(defaultValue);
    }

    public Optional<Boolean> findBoolean(String key) {
        return find(key).map(v -> {
            if (v instanceof Boolean b) return b;
            throw wrongKind(key, "a boolean");
        });
    }

    public List<String> getStringArray(String key) {
        return asStringArray(key, require(key));
    }

    public Optional<List<String>> findStringArray(String key) {
        return find(key).map(v -> asStringArray(key, v));
    }

    /** A FLOAT32 or FLOAT64 array as floats (a fresh copy). */
    public float[] getFloatArray(String key) {
        return asFloatArray(key, require(key));
    }

    public Optional<float[]> findFloatArray(String key) {
        return find(key).map(v -> asFloatArray(key, v));
    }

    /** An array of any integer type whose every element fits in an int (a fresh copy). */
    public int[] getIntArray(String key) {
        return asIntArray(key, require(key));
    }

    public Optional<int[]> findIntArray(String key) {
        return find(key).map(v -> asIntArray(key, v));
    }

    /** Where this metadata was read from (for messages). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "GgufMetadata[" + source + ", " + values.size() + " keys]";
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) throw new GgufFormatException("metadata key '" + key + "' is missing in " + source);
        return v;
    }

    private GgufFormatException wrongKind(String key, String expected) {
        return new GgufFormatException("metadata key '" + key + "' in " + source + " is " + describe(key)
                + ", expected " + expected);
    }

    private String describe(String key) {
        GgufValueType t = types.get(key);
        if (t == GgufValueType.ARRAY && values.get(key) instanceof GgufArray a) {
            return "an array of " + a.size() + " " + a.elementType();
        }
        return "a " + t;
    }

    private String asString(String key, Object v) {
        if (v instanceof String s) return s;
        throw wrongKind(key, "a string");
    }

    private long asLong(String key, Object v) {
        if (v instanceof Integer i) return i;
        if (v instanceof Long l) {
            if (types.get(key) == GgufValueType.UINT64 && l < 0) {
                throw new GgufFormatException("metadata key '" + key + "' in " + source + " is the UINT64 "
                        + Long.toUnsignedString(l) + ", beyond the range of a long");
            }
            return l;
        }
        throw wrongKind(key, "an integer");
    }

    private int asInt(String key, Object v) {
        long l = asLong(key, v);
        if (l != (int) l) {
            throw new GgufFormatException("metadata key '" + key + "' in " + source + " is " + l
                    + ", beyond the range of an int");
        }
        return (int) l;
    }

    private float asFloat(String key, Object v) {
        if (v instanceof Float f) return f;
        if (v instanceof Double d) return d.floatValue();
        if (v instanceof Integer || v instanceof Long) return asLong(key, v);
        throw wrongKind(key, "a number");
    }

    private GgufArray asArray(String key, Object v, String expected) {
        if (v instanceof GgufArray a) return a;
        throw wrongKind(key, expected);
    }

    @SuppressWarnings("unchecked")
    private List<String> asStringArray(String key, Object v) {
        GgufArray a = asArray(key, v, "an array of strings");
        if (a.elementType() != GgufValueType.STRING) throw wrongKind(key, "an array of strings");
        return (List<String>) a.values();
    }

    private float[] asFloatArray(String key, Object v) {
        GgufArray a = asArray(key, v, "an array of floats");
        return switch (a.values()) {
            case float[] f -> f.clone();
            case double[] d -> {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
                yield f;
            }
            default -> throw wrongKind(key, "an array of floats");
        };
    }

    private int[] asIntArray(String key, Object v) {
        GgufArray a = asArray(key, v, "an array of integers");
        boolean unsigned = switch (a.elementType()) {
            case UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
        int n = a.size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long e = switch (a.values()) {
                case byte[] b -> unsigned ? b[i] & 0xFF : b[i];
                case short[] s -> unsigned ? s[i] & 0xFFFF : s[i];
                case int[] ints -> unsigned ? ints[i] & 0xFFFFFFFFL : ints[i];
                case long[] l -> l[i];
                default -> throw wrongKind(key, "an array of integers");
            };
            if (e != (int) e || (unsigned && e < 0)) {
                throw new GgufFormatException("metadata key '" + key + "' in " + source + ": element " + i + " ("
                        + (unsigned ? Long.toUnsignedString(e) : e) + ") is beyond the range of an int");
            }
            out[i] = (int) e;
        }
        return out;
    }
}
