package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python's {@code str} operations on Java strings: whitespace, strip, split, case, code-point indexing. */
final class Text {
    private Text() {}

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000b', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680,
                 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    static boolean isBlank(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(Text::isSpace);
    }

    private static boolean strips(int c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(Character.toString(c)) >= 0;
    }

    static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String rstrip(String s) {
        return rstrip(s, null);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strips(s.codePointAt(i), chars)) i += Character.charCount(s.codePointAt(i));
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && strips(s.codePointBefore(end), chars)) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(0, end);
    }

    /** {@code str.split(sep, maxsplit)}; a null separator splits on runs of whitespace. */
    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                if (i >= n) break;
                if (maxsplit >= 0 && parts.size() >= maxsplit) {
                    parts.add(s.substring(i));
                    break;
                }
                int start = i;
                while (i < n && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                parts.add(s.substring(start, i));
            }
            return parts;
        }
        if (sep.isEmpty()) throw new TemplateException(TemplateException.Kind.VALUE, "empty separator");
        int start = 0;
        while (maxsplit < 0 || parts.size() < maxsplit) {
            int at = s.indexOf(sep, start);
            if (at < 0) break;
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code str.rsplit(sep, maxsplit)}. */
    static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (maxsplit < 0) return split(s, sep, -1);
        String reversed = new StringBuilder(s).reverse().toString();
        List<Object> parts = split(reversed, sep == null ? null : new StringBuilder(sep).reverse().toString(), maxsplit);
        List<Object> out = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) out.add(new StringBuilder((String) parts.get(i)).reverse().toString());
        return out;
    }

    /** {@code str.splitlines()}: splits on every line boundary Python knows, dropping the boundaries. */
    static List<String> splitlines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean boundary = c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || c == 0x1c || c == 0x1d
                    || c == 0x1e || c == 0x85 || c == '\u2028' || c == '\u2029';
            if (!boundary) {
                i++;
                continue;
            }
            lines.add(s.substring(start, i));
            i += (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') ? 2 : 1;
            start = i;
        }
        if (start < s.length()) lines.add(s.substring(start));
        return lines;
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) count = Long.MAX_VALUE;
        if (old.isEmpty()) {
            StringBuilder out = new StringBuilder();
            long done = 0;
            int i = 0;
            while (true) {
                if (done < count) {
                    out.append(replacement);
                    done++;
                }
                if (i >= s.length()) break;
                int cp = s.codePointAt(i);
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (long done = 0; done < count; done++) {
            int at = s.indexOf(old, start);
            if (at < 0) break;
            out.append(s, start, at).append(replacement);
            start = at + old.length();
        }
        return out.append(s.substring(start)).toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static boolean isCased(int c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
    }

    /** {@code str.title()}: a cased character after an uncased one starts a word. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int c : s.codePoints().toArray()) {
            out.append(previousCased ? lower(Character.toString(c)) : titleCase(c));
            previousCased = isCased(c);
        }
        return out.toString();
    }

    /** {@code str.capitalize()}: first character title-cased, the rest lower-cased. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return titleCase(first) + lower(s.substring(Character.charCount(first)));
    }

    private static String titleCase(int c) {
        int t = Character.toTitleCase(c);
        return t != c ? Character.toString(t) : upper(Character.toString(c));
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    static String fromCodePoints(int[] cps, int from, int to) {
        return new String(cps, from, to - from);
    }
}
