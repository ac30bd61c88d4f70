package dev.cairn.llm.tools;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMatcherTest {
    private static final Map<String, Object> WEATHER = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string"),
                    "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")),
                    "days", Map.of("type", "integer"),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string"), "maxItems", 2),
                    "ratio", Map.of("anyOf", List.of(Map.of("type", "number"), Map.of("type", "null")))),
            "required", List.of("city"));

    private final SchemaMatcher matcher = new SchemaMatcher(SchemaMatcher.Bounds.DEFAULT);

    @Test
    void acceptsMatchingObjects() {
        for (String ok : List.of("{\"city\":\"Paris\"}", "{\"city\": \"Paris\", \"unit\": \"celsius\"}",
                "{\"days\":10,\"city\":\"a\\\"b\"}", "{\"city\":\"x\",\"tags\":[\"a\",\"b\"]}", "{\"city\":\"x\",\"ratio\":-0.25}",
                "{\"city\":\"x\",\"ratio\":null}", "{\"city\":\"Zürich\"}")) {
            assertTrue(accepts(WEATHER, ok), ok);
        }
    }

    @Test
    void rejectsWhatTheSchemaForbids() {
        for (String bad : List.of("{}", "{\"unit\":\"celsius\"}", "{\"city\":1}", "{\"city\":\"x\",\"unit\":\"kelvin\"}",
                "{\"city\":\"x\",\"other\":1}", "{\"city\":\"x\",\"city\":\"y\"}", "{\"city\":\"x\",\"days\":1.5}",
                "{\"city\":\"x\",\"days\":01}", "{\"city\":\"x\",\"tags\":[\"a\",\"b\",\"c\"]}", "{\"city\":\"x\"}}",
                "{\"city\":\"x\",}", "{\"city\":  \"x\"}", "[1]", "{\"city\":\"x\",\"ratio\":true}")) {
            assertFalse(accepts(WEATHER, bad), bad);
        }
    }

    @Test
    void everyPrefixOfAMatchIsLive() {
        String ok = "{\"city\": \"Paris\", \"days\": 3, \"unit\": \"fahrenheit\"}";
        SchemaMatcher.Stack s = matcher.start(WEATHER);
        for (byte b : ok.getBytes(StandardCharsets.UTF_8)) {
            assertFalse(SchemaMatcher.accepting(s));
            s = SchemaMatcher.step(s, b);
            assertNotNull(s);
        }
        assertTrue(SchemaMatcher.accepting(s));
        assertNull(SchemaMatcher.step(s, ' '), "nothing may follow a finished value");
    }

    @Test
    void stringsAreBounded() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("s", Map.of("type", "string", "maxLength", 3)));
        assertTrue(accepts(schema, "{\"s\":\"abc\"}"));
        assertFalse(accepts(schema, "{\"s\":\"abcd\"}"));
    }

    @Test
    void enumsWhereOneValueIsAPrefixOfAnother() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("n", Map.of("enum", List.of(1, 10))));
        assertTrue(accepts(schema, "{\"n\":1}"));
        assertTrue(accepts(schema, "{\"n\":10}"));
        assertFalse(accepts(schema, "{\"n\":100}"));
    }

    @Test
    void callGrammarTiesArgumentsToTheChosenTool() {
        Map<String, Map<String, ?>> tools = Map.of("get_weather", WEATHER,
                "delete_file", Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string")), "required", List.of("path")));
        var frame = ToolCallFormat.HERMES.grammar(matcher, tools);
        assertTrue(accepts(frame, "{\"name\": \"delete_file\", \"arguments\": {\"path\": \"/tmp/x\"}}"));
        assertFalse(accepts(frame, "{\"name\": \"delete_file\", \"arguments\": {\"city\": \"Paris\"}}"));
        assertFalse(accepts(frame, "{\"name\": \"rm\", \"arguments\": {}}"));
        var mistral = ToolCallFormat.MISTRAL_ARGS.grammar(matcher, tools);
        assertTrue(accepts(mistral, "get_weather[ARGS]{\"city\":\"Oslo\"}"));
    }

    private boolean accepts(Map<String, ?> schema, String text) {
        SchemaMatcher.Stack s = SchemaMatcher.step(matcher.start(schema), text.getBytes(StandardCharsets.UTF_8));
        return s != null && SchemaMatcher.accepting(s);
    }

    private boolean accepts(SchemaMatcher.Frame frame, String text) {
        SchemaMatcher.Stack s = SchemaMatcher.step(matcher.start(frame), text.getBytes(StandardCharsets.UTF_8));
        return s != null && SchemaMatcher.accepting(s);
    }
}
