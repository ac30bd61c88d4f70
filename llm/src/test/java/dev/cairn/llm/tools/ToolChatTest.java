package dev.cairn.llm.tools;

import dev.cairn.core.Fixtures;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Constrained decoding on real tiny models (stories260K, a 260K-parameter story model with no chat template, and
 * a tiny Llama 2 with random weights and the real 32,000-token vocabulary): neither can call tools on its own, so whatever they emit under the
 * mask shows the mask alone makes the call valid. Sampled at temperature 1 with several seeds.
 */
class ToolChatTest {
    static final Map<String, Object> WEATHER = Map.of("type", "function", "function", Map.of("name", "get_weather",
            "description", "Current weather in a city", "parameters", Map.of("type", "object",
                    "properties", Map.of("city", Map.of("type", "string", "maxLength", 12),
                            "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")),
                            "days", Map.of("type", "integer")),
                    "required", List.of("city", "unit"))));
    static final Map<String, Object> DELETE = Map.of("type", "function", "function", Map.of("name", "delete_file",
            "description", "Deletes a file", "parameters", Map.of("type", "object",
                    "properties", Map.of("path", Map.of("type", "string", "maxLength", 16), "force", Map.of("type", "boolean")),
                    "required", List.of("path"))));

    @Test
    void storiesModelEmitsValidCallsUnderTheConstraint() {
        checkModel("models/stories260K.gguf", ToolCallFormat.HERMES);
    }

    @Test
    void tinyRandomLlamaWithA32kVocabEmitsValidCallsUnderTheConstraint() {
        checkModel("models/llama-2-tiny-random.gguf", null);
    }

    private static void checkModel(String fixture, ToolCallFormat expected) {
        try (Model model = Model.load(Fixtures.fixture(fixture))) {
            ToolChat chat = new ToolChat(model, new SchemaMatcher.Bounds(16, 6, 3, 4));
            if (expected != null) assertEquals(expected, chat.format());
            List<Map<String, ?>> messages = List.of(Map.of("role", "user", "content", "What is the weather in Paris?"));
            Set<String> names = new java.util.HashSet<>();
            for (int seed = 0; seed < 4; seed++) {
                var options = ToolChat.Options.defaults().withForceToolCall(true).withMaxTokens(200)
                        .withSampling(new Sampler.Settings(1.0f, 0, 1.0f, 0f, seed));
                List<String> streamed = new ArrayList<>();
                ToolChat.Reply reply = chat.generate(messages, List.of(WEATHER, DELETE), options, streamed::add);
                assertEquals(reply.text(), String.join("", streamed), "the stream is the reply");
                ParsedReply parsed = reply.parsed();
                assertEquals(List.of(), parsed.problems(), reply.text());
                assertEquals(1, parsed.toolCalls().size(), reply.text());
                ModelToolCall call = parsed.toolCalls().getFirst();
                names.add(call.name());
                validate(call);
            }
            assertFalse(names.isEmpty());
        }
    }

    /** The call's arguments against the tool's schema, checked by hand. */
    private static void validate(ModelToolCall call) {
        Map<String, Object> args = call.arguments();
        switch (call.name()) {
            case "get_weather" -> {
                assertInstanceOf(String.class, args.get("city"), args.toString());
                assertTrue(List.of("celsius", "fahrenheit").contains(args.get("unit")), args.toString());
                if (args.containsKey("days")) assertInstanceOf(Long.class, args.get("days"), args.toString());
                assertTrue(Set.of("city", "unit", "days").containsAll(args.keySet()), args.toString());
            }
            case "delete_file" -> {
                assertInstanceOf(String.class, args.get("path"), args.toString());
                if (args.containsKey("force")) assertInstanceOf(Boolean.class, args.get("force"), args.toString());
                assertTrue(Set.of("path", "force").containsAll(args.keySet()), args.toString());
            }
            default -> throw new AssertionError("a call to a tool that was not offered: " + call.name());
        }
    }

    @Test
    void unconstrainedRepliesAreParsedToo() {
        try (Model model = Model.load(Fixtures.fixture("models/stories260K.gguf"))) {
            ToolChat chat = new ToolChat(model);
            ToolChat.Reply reply = chat.generate(List.of(Map.of("role", "user", "content", "Once upon a time")),
                    List.of(WEATHER), ToolChat.Options.defaults().withMaxTokens(20), s -> {});
            assertFalse(reply.parsed().hasToolCalls(), "a story model writes prose: " + reply.text());
            assertTrue(reply.generatedTokens() > 0);
        }
    }
}
