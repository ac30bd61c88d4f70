package dev.cairn.jinja;

/**
 * A string marked safe by the {@code safe} filter (markupsafe's {@code Markup}). Rendering is not autoescaped, but
 * {@code +} between a Markup and a plain string still HTML-escapes the plain one, as in Python.
 */
record Markup(String text) {
    static String escape(Object value) {
        if (value instanceof Markup m) return m.text();
        String s = Printer.str(value);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&#34;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
