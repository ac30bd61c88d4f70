package dev.cairn.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts plain Java values, as a JSON parser produces them, to template values: integers to {@code Long},
 * other numbers to {@code Double}, maps (insertion order kept) and collections copied.
 */
final class JavaValues {
    private JavaValues() {}

    static Object convert(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            case BigDecimal b -> b.doubleValue();
            case Number n -> n.doubleValue();
            case Character c -> c.toString();
            case CharSequence s -> s.toString();
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, value) -> out.put(convert(k), convert(value)));
                yield out;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                for (Object item : c) out.add(convert(item));
                yield out;
            }
            case Object[] array -> convert(List.of(array));
            default -> throw new IllegalArgumentException(
                    "a chat template value must be null, a String, Boolean, Number, Map or List, not " + v.getClass().getName());
        };
    }
}
