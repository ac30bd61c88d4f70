package dev.cairn.jinja;

/** Decodes the backslash escapes of a string literal as Python's {@code unicode-escape} codec does. */
final class StringEscapes {
    private StringEscapes() {}

    static String decode(String body) {
        if (body.indexOf('\\') < 0) return body;
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = appendHex(body, i, 2, out);
                case 'u' -> i = appendHex(body, i, 4, out);
                case 'U' -> i = appendHex(body, i, 8, out);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') end++;
                        out.appendCodePoint(Integer.parseInt(body.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int appendHex(String body, int at, int digits, StringBuilder out) {
        int end = at + 1 + digits;
        String hex = end <= body.length() ? body.substring(at + 1, end) : "";
        if (hex.length() != digits || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new TemplateException(TemplateException.Kind.SYNTAX, "truncated \\" + body.charAt(at) + " escape in string literal");
        }
        out.appendCodePoint(Integer.parseInt(hex, 16));
        return end - 1;
    }
}
