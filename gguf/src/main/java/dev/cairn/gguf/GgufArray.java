package dev.cairn.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A metadata array: its element type and its values, held compactly. {@code values} is a {@code byte[]}
 * (UINT8, INT8), {@code short[]} (UINT16, INT16), {@code int[]} (UINT32, INT32), {@code long[]} (UINT64,
 * INT64), {@code float[]}, {@code double[]}, {@code boolean[]}, a {@code List<String>} (STRING) or a
 * {@code List<GgufArray>} (ARRAY, nested). Unsigned elements keep their raw bits.
 */
public record GgufArray(GgufValueType elementType, Object values) {
    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(values, "values");
        Class<?> expected = switch (elementType) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING, ARRAY -> List.class;
        };
        if (!expected.isInstance(values)) {
            throw new IllegalArgumentException("an array of " + elementType + " holds a " + expected.getSimpleName()
                    + ", not a " + values.getClass().getSimpleName());
        }
    }

    /** The number of elements. */
    public int size() {
        return switch (values) {
            case byte[] a -> a.length;
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            case boolean[] a -> a.length;
            case List<?> l -> l.size();
            default -> throw new IllegalStateException();
        };
    }
}
