package dev.cairn.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cairn.jinja.TemplateException.Kind;

/** Python's printf-style {@code "text %s" % args} for the conversions s, r, d, i, f, x and {@code %%}. */
final class PercentFormat {
    private PercentFormat() {}

    static String format(String pattern, Object args) {
        List<Object> values = args instanceof PyTuple t ? t.items() : List.of();
        boolean single = !(args instanceof PyTuple);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= pattern.length()) throw new TemplateException(Kind.VALUE, "incomplete format");
            Object value;
            if (pattern.charAt(i) == '%') {
                out.append('%');
                continue;
            }
            if (pattern.charAt(i) == '(') {
                int close = pattern.indexOf(')', i);
                if (close < 0 || !(args instanceof Map<?, ?> map)) throw Operators.typeError("format requires a mapping");
                value = Attributes.getitem(map, pattern.substring(i + 1, close));
                i = close + 1;
            } else if (single) {
                if (next++ > 0) throw Operators.typeError("not enough arguments for format string");
                value = args;
            } else {
                if (next >= values.size()) throw Operators.typeError("not enough arguments for format string");
                value = values.get(next++);
            }
            int specStart = i;
            while (i < pattern.length() && "0123456789.-+ #".indexOf(pattern.charAt(i)) >= 0) i++;
            if (i >= pattern.length()) throw new TemplateException(Kind.VALUE, "incomplete format");
            out.append(convert(pattern.charAt(i), pattern.substring(specStart, i), value));
        }
        // like CPython, a lone argument that supports item access (a dict or list) may go unused
        boolean unused = single ? next == 0 && !(args instanceof Map || args instanceof List) : next < values.size();
        if (unused) throw Operators.typeError("not all arguments converted during string formatting");
        return out.toString();
    }

    private static final Pattern SPEC = Pattern.compile("([-+ #0]*)(\\d*)(?:\\.(\\d*))?");

    private static String convert(char conversion, String spec, Object value) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw new TemplateException(Kind.VALUE, "unsupported format spec '" + spec + "'");
        String flags = m.group(1);
        int width = m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2));
        boolean zeroPad = flags.contains("0") && !flags.contains("-");
        Integer precision = m.group(3) == null ? null : m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
        String text = switch (conversion) {
            case 's' -> Printer.str(value);
            case 'r' -> Printer.repr(value);
            case 'd', 'i' -> {
                if (!Operators.isNumber(value)) throw Operators.typeError("%" + conversion + " format: a real number is required, not " + Printer.typeName(value));
                yield Long.toString(Operators.isInteger(value) ? Operators.toLong(value) : (long) Operators.toDouble(value));
            }
            case 'f', 'F' -> {
                if (!Operators.isNumber(value)) throw Operators.typeError("must be real number, not " + Printer.typeName(value));
                yield new BigDecimal(Operators.toDouble(value)).setScale(precision == null ? 6 : precision, RoundingMode.HALF_EVEN).toPlainString();
            }
            case 'x' -> Long.toHexString(Operators.toLong(value));
            default -> throw new TemplateException(Kind.VALUE, "unsupported format character '" + conversion + "'");
        };
        if (conversion == 's' && precision != null && text.length() > precision) text = text.substring(0, precision);
        if (text.length() >= width) return text;
        String pad = (zeroPad && conversion != 's' ? "0" : " ").repeat(width - text.length());
        return flags.contains("-") ? text + pad : pad + text;
    }
}
