package dev.cairn.jinja;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Several hundred small templates (expressions, filters, tests, methods, errors, scoping, and random mixes of text and
 * tags with whitespace control) rendered by Python's Jinja2 with Hugging Face's settings; see
 * {@code generate-jinja2-cases.py} beside {@code jinja2-cases.json}. Output, or error class and message, must match.
 */
class Jinja2DifferentialTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = Jinja2DifferentialTest.class.getResourceAsStream("jinja2-cases.json")) {
            Map<String, Object> file = JsonMapper.builder().build().readValue(in, Map.class);
            Map<String, Object> context = (Map<String, Object>) file.get("context");
            List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
            return IntStream.range(0, cases.size()).mapToObj(i -> Arguments.of(i, cases.get(i), context));
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void rendersAsJinja2Does(int index, Map<String, Object> c, Map<String, Object> context) {
        String template = (String) c.get("template");
        if (c.containsKey("expected")) {
            assertEquals(c.get("expected"), ChatTemplate.compile(template).withClock(CLOCK).render(context), template);
        } else {
            TemplateException e = assertThrows(TemplateException.class,
                    () -> ChatTemplate.compile(template).withClock(CLOCK).render(context), template);
            assertEquals(c.get("error"), e.kind().pythonName() + ": " + e.reason(), template);
        }
    }
}
