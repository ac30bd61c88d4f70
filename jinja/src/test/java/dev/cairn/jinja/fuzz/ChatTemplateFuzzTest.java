package dev.cairn.jinja.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.core.fuzz.FuzzProperty;
import dev.cairn.jinja.ChatTemplate;
import dev.cairn.jinja.TemplateException;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the chat-template engine: any template source either compiles and renders a
 * conversation with tools and a tool call, or fails with a {@link TemplateException} with a message; no other
 * throwable, no hang, no unbounded output or allocation. A GGUF file's {@code tokenizer.chat_template} is input
 * from whoever made the file, so this is a hostile-input surface. Committed inputs (replayed in
 * {@code mvn verify}): eight real chat templates from the fixtures and one that uses macros, namespaces, filters
 * and string formatting, in {@code src/test/resources/dev/cairn/jinja/fuzz/ChatTemplateFuzzTestInputs/render/}.
 * Fuzzing: {@code bin/fuzz jinja ChatTemplateFuzzTest 300}.
 */
class ChatTemplateFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    private static final Map<String, Object> CONTEXT = Map.of(
            "messages", List.of(
                    Map.of("role", "system", "content", "You are terse."),
                    Map.of("role", "user", "content", "What is the weather in Paris?"),
                    Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("type", "function", "id", "call_1",
                            "function", Map.of("name", "weather", "arguments", Map.of("city", "Paris"))))),
                    Map.of("role", "tool", "content", "{\"temp\": 21}", "tool_call_id", "call_1"),
                    Map.of("role", "assistant", "content", "21 °C.")),
            "tools", List.of(Map.of("type", "function", "function", Map.of("name", "weather", "description", "Weather now",
                    "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))))),
            "add_generation_prompt", true,
            "bos_token", "<s>",
            "eos_token", "</s>");

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void render(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        FuzzProperty.endsInResultOr(() -> {
            String out = ChatTemplate.compile(source).withClock(CLOCK).render(CONTEXT);
            if (out == null) throw new AssertionError("null rendering");
        }, TemplateException.class);
    }
}
