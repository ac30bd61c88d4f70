package dev.cairn.llm.tools;

import dev.cairn.core.Fixtures;
import dev.cairn.jinja.ChatTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers read the tool calls that real chat templates write: each fixture's "tool-roundtrip" case was rendered
 * by Jinja2 as Hugging Face does; the assistant's turn in it is exactly what a model of that family is trained to
 * emit, so it must parse back to the call in the fixture's messages.
 */
class ToolCallFormatTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource({
            "Qwen-Qwen2.5-7B-Instruct, HERMES",
            "Qwen-Qwen3-0.6B, HERMES",
            "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use, HERMES",
            "NousResearch-Hermes-3-Llama-3.1-8B-tool_use, HERMES",
            "meta-llama-Llama-3.1-8B-Instruct, LLAMA3_JSON",
            "meta-llama-Llama-3.2-3B-Instruct, LLAMA3_JSON",
            "meta-llama-Llama-3.3-70B-Instruct, LLAMA3_JSON",
            "unsloth-mistral-Devstral-Small-2507, MISTRAL_ARGS"})
    void parsesTheCallTheTemplateWrites(String name, ToolCallFormat expectedFormat) throws Exception {
        Path dir = Fixtures.fixture("chat-templates");
        String source = Files.readString(dir.resolve(name + ".jinja"));
        assertEquals(expectedFormat, ToolCallFormat.detect(source));
        JsonNode fixture = JSON.readTree(dir.resolve(name + ".json").toFile());
        JsonNode roundtrip = null;
        for (JsonNode c : fixture.get("cases")) {
            if (c.get("case").asString().equals("tool-roundtrip") && !c.get("add_generation_prompt").asBoolean()) roundtrip = c;
        }
        Map<String, Object> context = JSON.convertValue(roundtrip, Map.class);
        String full = roundtrip.get("expected").asString();
        // the conversation up to the assistant's turn, rendered with the generation prompt by our Jinja
        List<?> messages = (List<?>) context.get("messages");
        Map<String, Object> before = new HashMap<>(context);
        before.put("messages", messages.subList(0, 1));
        before.put("add_generation_prompt", true);
        String prefix = ChatTemplate.compile(source).render(before);
        assertTrue(full.startsWith(prefix), () -> "the rendering continues the prompt:\n" + prefix + "\n---\n" + full);
        String reply = endOfTurn(full.substring(prefix.length()));

        ParsedReply parsed = expectedFormat.parse(reply);
        assertEquals(List.of(), parsed.problems(), reply);
        assertEquals(1, parsed.toolCalls().size(), reply);
        assertEquals("get_weather", parsed.toolCalls().getFirst().name());
        assertEquals(Map.of("city", "Paris", "unit", "celsius"), parsed.toolCalls().getFirst().arguments());
        assertEquals("", parsed.content());
    }

    /** Mistral Nemo's template insists on 9-character ids, so the fixture has no rendering; we render one. */
    @Test
    void parsesMistralNemosCallsRenderedWithValidIds() throws Exception {
        String source = Files.readString(Fixtures.fixture("chat-templates/mistralai-Mistral-Nemo-Instruct-2407.jinja"));
        assertEquals(ToolCallFormat.MISTRAL, ToolCallFormat.detect(source));
        Map<String, Object> call = Map.of("id", "abc123xyz", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", Map.of("city", "Paris")));
        List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "Weather in Paris?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(call, Map.of("id", "def456uvw", "type",
                        "function", "function", Map.of("name", "get_time", "arguments", Map.of("zone", "CET"))))));
        String text = ChatTemplate.compile(source).render(Map.of("messages", messages, "add_generation_prompt", false,
                "bos_token", "<s>", "eos_token", "</s>"));
        String reply = text.substring(text.indexOf("[/INST]") + "[/INST]".length()).replace("</s>", "");
        ParsedReply parsed = ToolCallFormat.MISTRAL.parse(reply);
        assertEquals(List.of("get_weather", "get_time"), parsed.toolCalls().stream().map(ModelToolCall::name).toList(), reply);
        assertEquals(Map.of("zone", "CET"), parsed.toolCalls().get(1).arguments());
    }

    @Test
    void proseThatMentionsJsonIsNotACall() {
        String prose = "You could call {\"name\": \"delete\", \"arguments\": {}} but I will not.";
        assertFalse(ToolCallFormat.LLAMA3_JSON.parse(prose).hasToolCalls());
        assertFalse(ToolCallFormat.HERMES.parse(prose).hasToolCalls());
        assertFalse(ToolCallFormat.MISTRAL.parse(prose).hasToolCalls());
        assertEquals(prose, ToolCallFormat.HERMES.parse(prose).content());
    }

    @Test
    void brokenCallsAreReportedNotDropped() {
        ParsedReply hermes = ToolCallFormat.HERMES.parse("ok <tool_call>{\"name\": \"x\", \"arguments\": {</tool_call>");
        assertFalse(hermes.hasToolCalls());
        assertEquals(1, hermes.problems().size());
        assertTrue(hermes.problems().getFirst().contains("not valid JSON"), hermes.problems().toString());
        ParsedReply nameless = ToolCallFormat.LLAMA3_JSON.parse("{\"parameters\": {}}");
        assertTrue(nameless.problems().getFirst().contains("without a \"name\""), nameless.problems().toString());
    }

    @Test
    void readsSeveralCallsAndStringEncodedArguments() {
        ParsedReply p = ToolCallFormat.HERMES.parse("Let me check.\n<tool_call>\n{\"name\": \"a\", \"arguments\": \"{\\\"k\\\": 1}\"}\n"
                + "</tool_call>\n<tool_call>\n{\"name\": \"b\", \"arguments\": {\"x\": [true, null, 2.5]}}\n</tool_call>");
        assertEquals("Let me check.", p.content());
        assertEquals(Map.of("k", 1L), p.toolCalls().get(0).arguments());
        assertEquals("{\"x\":[true,null,2.5]}", p.toolCalls().get(1).argumentsJson());
        ParsedReply llama = ToolCallFormat.LLAMA3_JSON.parse("<|python_tag|>{\"name\": \"a\", \"parameters\": {}}; {\"name\": \"b\", \"parameters\": {\"q\": \"z\"}}");
        assertEquals(List.of("a", "b"), llama.toolCalls().stream().map(ModelToolCall::name).toList());
        ParsedReply mistral = ToolCallFormat.MISTRAL_ARGS.parse("[TOOL_CALLS]a[ARGS]{}[TOOL_CALLS]b[ARGS]{\"q\": 1}");
        assertEquals(List.of("a", "b"), mistral.toolCalls().stream().map(ModelToolCall::name).toList());
    }

    private static String endOfTurn(String text) {
        int end = text.length();
        for (String marker : List.of("<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<EOS>")) {
            int i = text.indexOf(marker);
            if (i >= 0) end = Math.min(end, i);
        }
        return text.substring(0, end);
    }
}
