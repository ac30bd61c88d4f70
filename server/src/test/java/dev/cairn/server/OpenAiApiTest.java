package dev.cairn.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static dev.cairn.server.TestServers.get;
import static dev.cairn.server.TestServers.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI routes over real HTTP with the extractive backend (no model): shapes, streaming and every error path. */
class OpenAiApiTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static CairnServer server;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        index = TestServers.index(tmp);
        server = CairnServer.builder(index.index(), index.embedder()).port(0).maxBodyBytes(4096).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (index != null) index.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        return Exchanges.JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String param, String messagePart) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode e = json(r).get("error");
        assertTrue(e.get("message").asString().contains(messagePart), e.toString());
        assertTrue(e.has("type") && e.has("param") && e.has("code"), e.toString());
        if (param != null) assertEquals(param, e.get("param").asString(), e.toString());
    }

    @Test
    void listsTheModelAndTheEmbeddingModel() throws Exception {
        JsonNode models = json(get(base, "/v1/models"));
        assertEquals("list", models.get("object").asString());
        List<String> ids = models.get("data").valueStream().map(m -> m.get("id").asString()).toList();
        assertEquals(List.of(ExtractiveBackend.MODEL_ID, index.embedder().modelName()), ids);
        assertEquals(ExtractiveBackend.MODEL_ID, json(get(base, "/v1/models/" + ExtractiveBackend.MODEL_ID)).get("id").asString());
        assertError(get(base, "/v1/models/gpt-9"), 404, "model", "gpt-9");
    }

    @Test
    void chatCompletionAnswersFromTheIndexWithSources() throws Exception {
        var r = post(base, "/v1/chat/completions", """
                {"model": "x", "messages": [{"role": "system", "content": "be brief"},
                 {"role": "user", "content": [{"type": "text", "text": "Where does the Danube end?"}]}]}""");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode c = json(r);
        assertEquals("chat.completion", c.get("object").asString());
        assertEquals(ExtractiveBackend.MODEL_ID, c.get("model").asString());
        JsonNode choice = c.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asString());
        String content = choice.get("message").get("content").asString();
        assertTrue(content.contains("Black Sea") && content.contains("[1]") && content.contains("rivers.md"), content);
        assertEquals("stop", choice.get("finish_reason").asString());
        JsonNode usage = c.get("usage");
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(), usage.get("total_tokens").asInt());
    }

    @Test
    void streamedChatEndsWithDoneAndCarriesUsageWhenAsked() throws Exception {
        var r = post(base, "/v1/chat/completions", """
                {"messages": [{"role": "user", "content": "How is green tea steeped?"}], "stream": true,
                 "stream_options": {"include_usage": true}}""");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> data = TestServers.data(r.body());
        assertEquals("[DONE]", data.getLast());
        JsonNode first = Exchanges.JSON.readTree(data.getFirst());
        assertEquals("chat.completion.chunk", first.get("object").asString());
        assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asString());
        var text = new StringBuilder();
        String finish = null;
        for (String d : data.subList(0, data.size() - 2)) {
            JsonNode choice = Exchanges.JSON.readTree(d).get("choices").get(0);
            text.append(choice.get("delta").path("content").asString(""));
            if (choice.get("finish_reason").isString()) finish = choice.get("finish_reason").asString();
        }
        assertTrue(text.toString().contains("80 degrees"), text.toString());
        assertEquals("stop", finish);
        JsonNode usage = Exchanges.JSON.readTree(data.get(data.size() - 2));
        assertTrue(usage.get("choices").isEmpty());
        assertTrue(usage.get("usage").get("completion_tokens").asInt() > 0);
    }

    @Test
    void completionsAnswerThePromptAndStream() throws Exception {
        JsonNode c = json(post(base, "/v1/completions", "{\"prompt\": \"What makes sourdough bread rise?\"}"));
        assertEquals("text_completion", c.get("object").asString());
        assertTrue(c.get("choices").get(0).get("text").asString().contains("wild yeast"));
        var r = post(base, "/v1/completions", "{\"prompt\": [\"What makes sourdough bread rise?\"], \"stream\": true}");
        List<String> data = TestServers.data(r.body());
        assertEquals("[DONE]", data.getLast());
        assertTrue(data.stream().anyMatch(d -> d.contains("wild yeast")));
    }

    @Test
    void embeddingsAreTheIndexModelsVectors() throws Exception {
        JsonNode e = json(post(base, "/v1/embeddings", "{\"model\": \"any\", \"input\": [\"green tea\", \"black sea\"]}"));
        assertEquals("list", e.get("object").asString());
        assertEquals(2, e.get("data").size());
        assertEquals(1, e.get("data").get(1).get("index").asInt());
        JsonNode v = e.get("data").get(0).get("embedding");
        assertEquals(index.embedder().dimension(), v.size());
        float[] expected = index.embedder().embedPassages(List.of("green tea")).getFirst();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], v.get(i).floatValue(), 1e-6);
        assertEquals(4, e.get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void badRequestsGetOpenAiErrorsNamingTheField() throws Exception {
        assertError(post(base, "/v1/chat/completions", "{\"messages\": ["), 400, null, "not valid JSON");
        assertError(post(base, "/v1/chat/completions", ""), 400, null, "empty");
        assertError(post(base, "/v1/chat/completions", "{}"), 400, "messages", "messages must be a non-empty array");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}"),
                400, "messages[0].role", "'robot'");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\"}]}"), 400, "messages[0].content", "missing");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 3}"),
                400, "temperature", "between 0 and 2");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 0}"),
                400, "max_tokens", "at least 1");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": \"lots\"}"),
                400, "max_tokens", "max_tokens");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}"), 400, "n", "n must be 1");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}"),
                400, "stop", "at most 4");
        assertError(post(base, "/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"has space\"}}]}"),
                400, "tools[0].function.name", "letters");
        assertError(post(base, "/v1/completions", "{\"prompt\": 42}"), 400, "prompt", "prompt must be a string");
        assertError(post(base, "/v1/embeddings", "{\"input\": [1, 2]}"), 400, "input", "token arrays");
        assertError(post(base, "/v1/embeddings", "{\"input\": \"x\", \"dimensions\": 3}"), 400, "dimensions", "not available");
    }

    @Test
    void unknownRoutesWrongMethodsAndLargeBodies() throws Exception {
        assertError(get(base, "/v1/nothing"), 404, null, "/v1/nothing");
        var r = get(base, "/v1/chat/completions");
        assertError(r, 405, null, "takes POST");
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
        String big = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(5000) + "\"}]}";
        assertError(post(base, "/v1/chat/completions", big), 413, null, "larger than 4096 bytes");
        assertError(get(base, "/nope.html"), 404, null, "/nope.html");
    }

    @Test
    void onLoopbackOnlyLoopbackHostNamesAreServed() {
        for (String ok : List.of("127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080", "127.1.2.3"))
            CairnServer.checkHost(ok);
        for (String bad : List.of("evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]:80", "10.0.0.1")) {
            ServerException e = org.junit.jupiter.api.Assertions.assertThrows(ServerException.class, () -> CairnServer.checkHost(bad), bad);
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", base.getHost());
        assertEquals(0, server.inFlight(), "no generation outlives its request");
    }
}
