package dev.cairn.jinja;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import dev.cairn.core.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every rendering of the shared chat-template fixtures, made by Python's Jinja2 as Hugging Face configures it:
 * the output must match exactly, and where Jinja2 raised, the engine must raise the same kind of error with the
 * same message.
 */
class ChatTemplateFixturesTest {
    /** strftime_now in the fixtures reads 2026-11-23 12:00. */
    static final Clock FIXTURE_CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> cases() throws IOException {
        Path dir = Fixtures.fixture("chat-templates");
        JsonMapper json = JsonMapper.builder().build();
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<?, ?> fixture = json.readValue(Files.readString(file), Map.class);
                String template = Files.readString(dir.resolve((String) fixture.get("template")));
                for (Object c : (List<?>) fixture.get("cases")) {
                    Map<?, ?> rendering = (Map<?, ?>) c;
                    String name = fixture.get("template") + " " + rendering.get("case")
                            + (Boolean.TRUE.equals(rendering.get("add_generation_prompt")) ? " +gen" : "");
                    cases.add(Arguments.of(name, template, rendering));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsJinja2Does(String name, String source, Map<String, Object> rendering) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (String key : List.of("messages", "tools", "add_generation_prompt", "bos_token", "eos_token")) {
            if (rendering.containsKey(key)) context.put(key, rendering.get(key));
        }
        ChatTemplate template = ChatTemplate.compile(source).withClock(FIXTURE_CLOCK);
        if (rendering.containsKey("expected")) {
            assertEquals(rendering.get("expected"), template.render(context));
        } else {
            TemplateException e = assertThrows(TemplateException.class, () -> template.render(context));
            assertEquals(rendering.get("error"), e.kind().pythonName() + ": " + e.reason(), e.getMessage());
        }
    }
}
