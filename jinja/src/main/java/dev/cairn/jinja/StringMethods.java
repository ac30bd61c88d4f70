package dev.cairn.jinja;

import java.util.List;

import dev.cairn.jinja.TemplateException.Kind;

/** Python's {@code str} methods as templates call them. */
final class StringMethods {
    private StringMethods() {}

    static Object call(String s, String name, Args args) {
        Args a = args.withFunction(name);
        return switch (name) {
            case "strip" -> Text.strip(s, chars(a));
            case "lstrip" -> Text.lstrip(s, chars(a));
            case "rstrip" -> Text.rstrip(s, chars(a));
            case "split" -> Text.split(s, separator(a), maxsplit(a));
            case "rsplit" -> Text.rsplit(s, separator(a), maxsplit(a));
            case "splitlines" -> List.<Object>copyOf(Text.splitlines(s));
            case "startswith" -> affixes(a, "startswith").stream().anyMatch(s::startsWith);
            case "endswith" -> affixes(a, "endswith").stream().anyMatch(s::endsWith);
            case "replace" -> Text.replace(s, string(a, 0, "old"), string(a, 1, "new"), integer(a, 2, "count", -1));
            case "upper" -> Text.upper(s);
            case "lower" -> Text.lower(s);
            case "title" -> Text.title(s);
            case "capitalize" -> Text.capitalize(s);
            case "find" -> codePointIndex(s, s.indexOf(string(a, 0, "sub")));
            case "rfind" -> codePointIndex(s, s.lastIndexOf(string(a, 0, "sub")));
            case "index", "rindex" -> {
                String sub = string(a, 0, "sub");
                int at = name.equals("index") ? s.indexOf(sub) : s.lastIndexOf(sub);
                if (at < 0) throw new TemplateException(Kind.VALUE, "substring not found");
                yield codePointIndex(s, at);
            }
            case "removeprefix" -> {
                String prefix = string(a, 0, "prefix");
                yield s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "removesuffix" -> {
                String suffix = string(a, 0, "suffix");
                yield !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "partition", "rpartition" -> partition(s, string(a, 0, "sep"), name.equals("rpartition"));
            case "ljust", "rjust", "center" -> pad(s, name, a);
            case "zfill" -> {
                int width = (int) integer(a, 0, "width", 0);
                int sign = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
                int missing = width - Text.length(s);
                yield missing <= 0 ? s : s.substring(0, sign) + "0".repeat(missing) + s.substring(sign);
            }
            case "casefold" -> Text.lower(s);
            case "swapcase" -> swapcase(s);
            case "count" -> count(s, string(a, 0, "sub"));
            case "join" -> join(s, a.required(0, "iterable"));
            case "format" -> Formatter.format(s, a);
            case "isdigit", "isdecimal", "isnumeric" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> Text.isBlank(s);
            case "isupper" -> s.codePoints().anyMatch(Character::isUpperCase) && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower" -> s.codePoints().anyMatch(Character::isLowerCase) && s.codePoints().noneMatch(Character::isUpperCase);
            default -> throw new IllegalStateException(name);
        };
    }

    private static PyTuple partition(String s, String sep, boolean fromRight) {
        if (sep.isEmpty()) throw new TemplateException(Kind.VALUE, "empty separator");
        int at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (at < 0) return new PyTuple(fromRight ? List.of("", "", s) : List.of(s, "", ""));
        return new PyTuple(List.of(s.substring(0, at), sep, s.substring(at + sep.length())));
    }

    private static String pad(String s, String how, Args a) {
        int missing = (int) integer(a, 0, "width", 0) - Text.length(s);
        String fill = a.has(1, "fillchar") ? string(a, 1, "fillchar") : " ";
        if (Text.length(fill) != 1) throw Operators.typeError("The fill character must be exactly one character long");
        if (missing <= 0) return s;
        return switch (how) {
            case "ljust" -> s + fill.repeat(missing);
            case "rjust" -> fill.repeat(missing) + s;
            default -> {
                int width = Text.length(s) + missing;
                int left = missing / 2 + (missing & width & 1);
                yield fill.repeat(left) + s + fill.repeat(missing - left);
            }
        };
    }

    private static String swapcase(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(Character.isUpperCase(c) ? Text.lower(Character.toString(c))
                : Character.isLowerCase(c) ? Text.upper(Character.toString(c)) : Character.toString(c)));
        return out.toString();
    }

    private static String chars(Args a) {
        Object chars = a.get(0, "chars", null);
        if (chars == null) return null;
        if (!Operators.isText(chars)) throw Operators.typeError(a.function() + " arg must be None or str");
        return Operators.text(chars);
    }

    private static String separator(Args a) {
        Object sep = a.get(0, "sep", null);
        if (sep == null) return null;
        if (!Operators.isText(sep)) throw Operators.typeError("must be str or None, not " + Printer.typeName(sep));
        return Operators.text(sep);
    }

    private static long maxsplit(Args a) {
        return integer(a, 1, "maxsplit", -1);
    }

    private static String string(Args a, int index, String name) {
        Object v = a.required(index, name);
        if (!Operators.isText(v)) {
            throw Operators.typeError(a.function() + "() argument must be str, not " + Printer.typeName(v));
        }
        return Operators.text(v);
    }

    private static long integer(Args a, int index, String name, long fallback) {
        Object v = a.get(index, name, fallback);
        if (!Operators.isInteger(v)) {
            throw Operators.typeError("'" + Printer.typeName(v) + "' object cannot be interpreted as an integer");
        }
        return Operators.toLong(v);
    }

    private static List<String> affixes(Args a, String method) {
        Object v = a.required(0, "prefix");
        if (Operators.isText(v)) return List.of(Operators.text(v));
        if (v instanceof PyTuple t && t.items().stream().allMatch(Operators::isText)) {
            return t.items().stream().map(Operators::text).toList();
        }
        throw Operators.typeError(method + " first arg must be str or a tuple of str, not " + Printer.typeName(v));
    }

    private static long codePointIndex(String s, int utf16Index) {
        return utf16Index < 0 ? -1 : s.codePointCount(0, utf16Index);
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) return Text.length(s) + 1;
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static String join(String separator, Object iterable) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        var it = Operators.iterator(iterable);
        while (it.hasNext()) {
            Object item = it.next();
            if (!Operators.isText(item)) {
                throw Operators.typeError("sequence item " + i + ": expected str instance, " + Printer.typeName(item) + " found");
            }
            if (i++ > 0) out.append(separator);
            out.append(Operators.text(item));
        }
        return out.toString();
    }

    /** {@code str.format} with automatic, numbered and named fields and no format specs. */
    private static final class Formatter {
        static String format(String template, Args a) {
            StringBuilder out = new StringBuilder();
            int auto = 0;
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                    out.append(c);
                    i++;
                } else if (c == '{') {
                    int end = template.indexOf('}', i);
                    if (end < 0) throw new TemplateException(Kind.VALUE, "Single '{' encountered in format string");
                    String field = template.substring(i + 1, end);
                    if (field.contains(":") || field.contains("!")) {
                        throw new TemplateException(Kind.VALUE, "format specs are not supported: {" + field + "}");
                    }
                    Object value;
                    if (field.isEmpty()) value = a.required(auto++, "{}");
                    else if (field.chars().allMatch(Character::isDigit)) value = a.required(Integer.parseInt(field), field);
                    else value = a.required(Integer.MAX_VALUE, field);
                    out.append(Printer.str(value));
                    i = end;
                } else if (c == '}') {
                    throw new TemplateException(Kind.VALUE, "Single '}' encountered in format string");
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
