package dev.cairn.examples.tools;

import dev.cairn.mcp.Describe;
import dev.cairn.mcp.McpTool;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Plain Java methods that become MCP tools: each {@link McpTool} method takes a record of arguments (its JSON
 * Schema is generated from the record, {@link Describe} adds descriptions, {@code Optional} components are
 * optional) and returns a record (structured content with a generated output schema). An exception thrown by a
 * method reaches the client as a tool error with its message, which a model can read and correct.
 */
public final class WorkshopTools {

    public record TemperatureQuery(@Describe("the temperature to convert") double value,
                                   @Describe("its unit: C, F or K") String from,
                                   @Describe("the unit wanted: C, F or K") String to) {
    }

    public record Temperature(double value, String unit) {
    }

    @McpTool(name = "convert_temperature", title = "Convert a temperature",
            description = "Converts a temperature between Celsius (C), Fahrenheit (F) and Kelvin (K)",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public Temperature convertTemperature(TemperatureQuery query) {
        double kelvin = switch (unit(query.from())) {
            case "C" -> query.value() + 273.15;
            case "F" -> (query.value() - 32) * 5 / 9 + 273.15;
            default -> query.value();
        };
        if (kelvin < 0) {
            throw new IllegalArgumentException(query.value() + " " + unit(query.from()) + " is below absolute zero");
        }
        String to = unit(query.to());
        double value = switch (to) {
            case "C" -> kelvin - 273.15;
            case "F" -> (kelvin - 273.15) * 9 / 5 + 32;
            default -> kelvin;
        };
        return new Temperature(Math.round(value * 100) / 100.0, to);
    }

    private static String unit(String unit) {
        String u = unit == null ? "" : unit.strip().toUpperCase(Locale.ROOT);
        if (!u.equals("C") && !u.equals("F") && !u.equals("K")) {
            throw new IllegalArgumentException("unknown temperature unit '" + unit + "': use C, F or K");
        }
        return u;
    }

    public record DateRange(@Describe("the first day, as YYYY-MM-DD") String from,
                            @Describe("the last day, as YYYY-MM-DD (exclusive)") String to) {
    }

    public record Days(long days, long weekdays) {
    }

    @McpTool(name = "days_between", title = "Count days",
            description = "Counts the days and the weekdays (Monday to Friday) from one date up to another",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public Days daysBetween(DateRange range) {
        LocalDate from = date(range.from(), "from");
        LocalDate to = date(range.to(), "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") is before 'from' (" + from + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to);
        long weekdays = from.datesUntil(to).filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY
                && d.getDayOfWeek() != DayOfWeek.SUNDAY).count();
        return new Days(days, weekdays);
    }

    private static LocalDate date(String text, String name) {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a date as YYYY-MM-DD: '" + text + "'");
        }
    }

    public record Text(@Describe("the text to measure") String text,
                       @Describe("reading speed in words per minute (default 230)") Optional<Integer> wordsPerMinute) {
    }

    public record TextStats(int words, int sentences, int characters, int readingSeconds) {
    }

    @McpTool(name = "text_stats", title = "Measure a text",
            description = "Counts the words, sentences and characters of a text and estimates its reading time",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public TextStats textStats(Text text) {
        int speed = text.wordsPerMinute().orElse(230);
        if (speed < 1) {
            throw new IllegalArgumentException("wordsPerMinute must be at least 1, got " + speed);
        }
        String body = text.text().strip();
        int words = body.isEmpty() ? 0 : body.split("\\s+").length;
        int sentences = body.isEmpty() ? 0 : body.split("(?<=[.!?])\\s+").length;
        return new TextStats(words, sentences, body.codePointCount(0, body.length()), (int) Math.ceil(words * 60.0 / speed));
    }
}
