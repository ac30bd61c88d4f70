package dev.cairn.jinja;

import dev.cairn.jinja.TemplateException.Kind;

/** Python arithmetic on ints (Java longs, bools counting as 0 and 1) and floats. */
final class Arithmetic {
    private Arithmetic() {}

    static Object numbers(String op, Object a, Object b) {
        if (Operators.isInteger(a) && Operators.isInteger(b)) return integers(op, Operators.toLong(a), Operators.toLong(b));
        return floats(op, Operators.toDouble(a), Operators.toDouble(b));
    }

    private static Object integers(String op, long a, long b) {
        return switch (op) {
            case "+" -> Math.addExact(a, b);
            case "-" -> Math.subtractExact(a, b);
            case "*" -> Math.multiplyExact(a, b);
            case "/" -> {
                if (b == 0) throw zeroDivision("division by zero");
                yield (double) a / b;
            }
            case "//" -> {
                if (b == 0) throw zeroDivision("integer division or modulo by zero");
                yield Math.floorDiv(a, b);
            }
            case "%" -> {
                if (b == 0) throw zeroDivision("integer modulo by zero");
                yield Math.floorMod(a, b);
            }
            case "**" -> {
                if (b < 0) yield Math.pow(a, b);
                yield power(a, b);
            }
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static long power(long base, long exponent) {
        long result = 1;
        for (long i = 0; i < exponent; i++) result = Math.multiplyExact(result, base);
        return result;
    }

    private static Object floats(String op, double a, double b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> {
                if (b == 0) throw zeroDivision("float division by zero");
                yield a / b;
            }
            case "//" -> {
                if (b == 0) throw zeroDivision("float floor division by zero");
                yield Math.floor(a / b);
            }
            case "%" -> {
                if (b == 0) throw zeroDivision("float modulo");
                double r = a % b;
                yield (r != 0 && (r < 0) != (b < 0)) ? r + b : r;
            }
            case "**" -> Math.pow(a, b);
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static TemplateException zeroDivision(String message) {
        return new TemplateException(Kind.ZERO_DIVISION, message);
    }
}
