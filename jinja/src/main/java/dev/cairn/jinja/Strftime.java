package dev.cairn.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code datetime.strftime} in the C locale, for the directives templates use. */
final class Strftime {
    private Strftime() {}

    static String format(String pattern, LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            boolean unpadded = d == '-' && i + 1 < pattern.length();
            if (unpadded) d = pattern.charAt(++i);
            out.append(directive(d, t, unpadded));
        }
        return out.toString();
    }

    private static String directive(char d, LocalDateTime t, boolean unpadded) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (d) {
            case 'Y' -> Integer.toString(t.getYear());
            case 'y' -> two(t.getYear() % 100, unpadded);
            case 'm' -> two(t.getMonthValue(), unpadded);
            case 'd' -> two(t.getDayOfMonth(), unpadded);
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'H' -> two(t.getHour(), unpadded);
            case 'I' -> two(hour12, unpadded);
            case 'M' -> two(t.getMinute(), unpadded);
            case 'S' -> two(t.getSecond(), unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'j' -> unpadded ? Integer.toString(t.getDayOfYear()) : String.format("%03d", t.getDayOfYear());
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'F' -> format("%Y-%m-%d", t);
            case 'T' -> format("%H:%M:%S", t);
            case 'D' -> format("%m/%d/%y", t);
            case 'R' -> format("%H:%M", t);
            case 'c' -> format("%a %b %e %H:%M:%S %Y", t);
            case 'x' -> format("%m/%d/%y", t);
            case 'X' -> format("%H:%M:%S", t);
            case 'Z', 'z' -> "";
            case '%' -> "%";
            default -> "%" + (unpadded ? "-" : "") + d;
        };
    }

    private static String two(int value, boolean unpadded) {
        return unpadded ? Integer.toString(value) : String.format("%02d", value);
    }
}
