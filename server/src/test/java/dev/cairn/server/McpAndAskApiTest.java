package dev.cairn.server;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.cairn.server.TestServers.get;
import static dev.cairn.server.TestServers.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /mcp} (the knowledge-base server, mounted on the same port) and the web UI's {@code /api} over real HTTP. */
class McpAndAskApiTest {
    @TempDir
    static Path tmp;
    static TestServers.Built index;
    static CairnServer server;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        index = TestServers.index(tmp);
        server = CairnServer.builder(index.index(), index.embedder()).port(0).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (index != null) index.close();
    }

    @Test
    void mcpServesTheIndexOnTheSamePort() {
        try (McpClient mcp = McpClient.builder().connect(StreamableHttpClientTransport.to(base.resolve("/mcp")))) {
            assertEquals(List.of("search", "ask"), mcp.listAllTools().stream().map(Tool::name).toList());
            var args = JsonCodec.object().put("query", "Where does the Danube end?").put("k", 2);
            CallToolResult r = mcp.callTool("search", args);
            String text = ((TextContent) r.content().getFirst()).text();
            assertTrue(text.contains("rivers.md") && text.contains("Black Sea"), text);
            assertEquals(3, mcp.listAllResources().size(), "one resource per indexed document");
        }
    }

    record Event(String name, JsonNode data) {}

    static List<Event> events(String sse) {
        var out = new ArrayList<Event>();
        for (String frame : sse.split("\n\n")) {
            String name = null, data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                if (line.startsWith("data: ")) data = line.substring(6);
            }
            if (data != null) out.add(new Event(name, Exchanges.JSON.readTree(data)));
        }
        return out;
    }

    @Test
    void askStreamsSourcesThenTheAnswerAndKeepsThePassagesForTheirLinks() throws Exception {
        var r = post(base, "/api/ask", "{\"question\": \"What carries more water than any other river?\"}");
        assertEquals(200, r.statusCode(), r.body());
        List<Event> events = events(r.body());
        assertEquals("sources", events.getFirst().name());
        assertEquals("done", events.getLast().name());
        assertTrue(events.getLast().data().get("grounded").asBoolean());
        assertTrue(events.getLast().data().get("extractive").asBoolean());
        String answer = events.stream().filter(e -> "token".equals(e.name())).map(e -> e.data().get("text").asString())
                .reduce("", String::concat);
        assertTrue(answer.contains("Amazon") && answer.contains("[1]"), answer);
        JsonNode first = events.getFirst().data().get("sources").get(0);
        assertEquals(1, first.get("n").asInt());
        assertTrue(first.get("citation").asString().endsWith("rivers.md › Rivers › Amazon"), first.toString());

        String id = first.get("id").asString();
        var passage = get(base, "/api/passages/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, passage.statusCode(), passage.body());
        JsonNode p = Exchanges.JSON.readTree(passage.body());
        assertEquals(id, p.get("id").asString());
        assertTrue(p.get("text").asString().contains("Amazon carries more water"), p.toString());
    }

    @Test
    void documentsListTheIndex() throws Exception {
        JsonNode d = Exchanges.JSON.readTree(get(base, "/api/documents").body());
        List<String> docs = d.get("documents").valueStream().map(JsonNode::asString).toList();
        assertEquals(3, docs.size());
        assertTrue(docs.stream().anyMatch(s -> s.endsWith("bread.txt")), docs.toString());
        assertEquals(ExtractiveBackend.MODEL_ID, d.get("model").asString());
        assertTrue(d.get("chunks").asInt() >= 3);
    }

    @Test
    void badQuestionsAndUnknownPassagesAreClearErrors() throws Exception {
        var empty = post(base, "/api/ask", "{\"question\": \"  \"}");
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("question is empty"), empty.body());
        var stop = post(base, "/api/ask", "{\"question\": \"the of and\"}");
        assertEquals(400, stop.statusCode());
        assertTrue(stop.body().contains("only stop words"), stop.body());
        var unknown = get(base, "/api/passages/nope%230");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no cited passage 'nope#0'"), unknown.body());
        assertFalse(get(base, "/").body().isEmpty());
        assertEquals(405, post(base, "/api/documents", "{}").statusCode());
    }
}
