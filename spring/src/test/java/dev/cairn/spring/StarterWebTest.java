package dev.cairn.spring;

import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.embeddings.OnnxEmbeddingService;
import dev.cairn.mcp.Describe;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.RequestContext;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.McpTool;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.SearchRequest;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real application context with the starter on a random port: the ONNX embedding model (all-MiniLM-L6-v2,
 * quantized), a Lucene index on disk filled from two Markdown files at start-up, the extractive answerer, a
 * bean's {@code @McpTool} methods at {@code /mcp} and the knowledge-base server at {@code /mcp/knowledge-base},
 * called over real HTTP with the mcp module's {@link McpClient} in both protocol revisions, and the actuator's
 * health of the index and the models.
 */
@SpringBootTest(classes = StarterWebTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cairn.embeddings.model=all-minilm-l6-v2-q",
        "cairn.mcp.server.name=starter-test",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=always",
        "spring.threads.virtual.enabled=true"})
@Timeout(120)
class StarterWebTest {
    private static final Path WORK = Path.of("target", "test-work", "StarterWebTest").toAbsolutePath();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Tools tools(Answerer answerer) {
            return new Tools(answerer);
        }
    }

    /** An application bean whose annotated methods become MCP tools; one of them uses another bean. */
    public static class Tools {
        private final Answerer answerer;

        Tools(Answerer answerer) {
            this.answerer = answerer;
        }

        public record Operands(@Describe("the first addend") int a, @Describe("the second addend") int b) {
        }

        public record Sum(int sum) {
        }

        public record Question(@Describe("what to ask the documents") String question) {
        }

        @McpTool(description = "Adds two integers", readOnly = true)
        public Sum add(Operands operands) {
            return new Sum(operands.a() + operands.b());
        }

        public record Count(@Describe("how far to count") int to) {
        }

        /** Reports progress at each step, so the answer to its POST is an SSE stream. */
        @McpTool(description = "Counts up, reporting progress", readOnly = true)
        public String count(Count count, RequestContext context) {
            for (int i = 1; i <= count.to(); i++) {
                context.progress(i, (double) count.to(), "step " + i);
            }
            return "counted to " + count.to();
        }

        @McpTool(name = "ask_docs", description = "Answers from the indexed documents with citations")
        public String ask(Question question) {
            Answer answer = answerer.answer(question.question());
            return answer.text() + "\n" + answer.references();
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws IOException {
        deleteTree(WORK);
        Path docs = Files.createDirectories(WORK.resolve("docs"));
        Files.writeString(docs.resolve("lighthouse.md"), """
                # Lighthouses

                The Bell Rock Lighthouse stands off the coast of Angus in Scotland. It was completed in 1810 and is the
                oldest surviving sea-washed lighthouse in the world.
                """);
        Files.writeString(docs.resolve("bread.md"), """
                # Sourdough

                Sourdough bread rises with a starter of wild yeast and lactic acid bacteria instead of baker's yeast.
                A starter is fed flour and water every day.
                """);
        registry.add("cairn.index.path", () -> WORK.resolve("index").toString());
        registry.add("cairn.ingest.paths", docs::toString);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddingService embeddings;

    @Autowired
    RagIndex index;

    @Autowired
    Retriever retriever;

    @Autowired
    Answerer answerer;

    @Autowired
    @Qualifier("cairnMcpServer")
    McpServer mcpServer;

    private McpClient connect(String path, String protocolVersion) {
        return McpClient.builder().protocolVersion(protocolVersion).requestTimeout(Duration.ofSeconds(30))
                .connect(StreamableHttpClientTransport.to(URI.create("http://localhost:" + port + path)));
    }

    @Test
    void theBeansAreTheRealThingsAndTheFolderWasIngestedAtStartUp() {
        OnnxEmbeddingService onnx = assertInstanceOf(OnnxEmbeddingService.class, embeddings);
        assertEquals("all-minilm-l6-v2-q", onnx.modelName());
        assertEquals(2, index.info().documents());
        assertEquals(WORK.resolve("index").toString(), index.info().location());

        var top = retriever.retrieve(SearchRequest.of("When was the Bell Rock Lighthouse completed?", 1));
        assertTrue(top.getFirst().path().endsWith("lighthouse.md"), top.getFirst().path());

        Answer answer = answerer.answer("What does a sourdough starter contain?");
        assertTrue(answer.extractive());
        assertTrue(answer.text().contains("wild yeast") && answer.text().contains("[1]"), answer.text());
        assertTrue(answer.sources().getFirst().path().endsWith("bread.md"));
    }

    @Test
    void toolBeansAreServedAtMcpInTheSessionRevision() {
        try (McpClient client = connect("/mcp", "2025-11-25")) {
            assertEquals("2025-11-25", client.protocolVersion());
            assertEquals("starter-test", client.serverInfo().name());
            List<Tool> tools = client.listAllTools();
            assertEquals(List.of("add", "ask_docs", "count"), tools.stream().map(Tool::name).toList());
            Tool add = tools.getFirst();
            assertEquals("the first addend", add.inputSchema().path("properties").path("a").path("description").asString());

            CallToolResult sum = client.callTool("add", JsonCodec.object().put("a", 20).put("b", 22));
            assertFalse(sum.failed());
            assertEquals(42, sum.structuredContent().path("sum").asInt());

            CallToolResult asked = client.callTool("ask_docs", JsonCodec.object().put("question", "When was Bell Rock completed?"));
            String text = assertInstanceOf(TextContent.class, asked.content().getFirst()).text();
            assertTrue(text.contains("1810") && text.contains("lighthouse.md"), text);
        }
    }

    /** SSE through the servlet container: progress on a POST's stream, a server notification on the GET stream. */
    @Test
    void streamsServerMessagesOverSse() throws Exception {
        try (McpClient client = connect("/mcp", "2025-11-25")) {
            List<Double> progress = new CopyOnWriteArrayList<>();
            CallToolResult counted = client.callTool("count", JsonCodec.object().put("to", 3), p -> progress.add(p.progress()));
            assertEquals("counted to 3", assertInstanceOf(TextContent.class, counted.content().getFirst()).text());
            assertEquals(List.of(1.0, 2.0, 3.0), progress);

            BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
            client.onNotification(n -> notifications.add(n.method()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String received = null;
            while (received == null && System.nanoTime() < deadline) { // the client's GET stream may still be connecting
                mcpServer.notifyToolListChanged();
                received = notifications.poll(500, TimeUnit.MILLISECONDS);
            }
            assertEquals("notifications/tools/list_changed", received);
        }
    }

    @Test
    void toolBeansAreServedAtMcpInTheStatelessRevision() {
        try (McpClient client = connect("/mcp", "2026-07-28")) {
            assertEquals("2026-07-28", client.protocolVersion());
            CallToolResult sum = client.callTool("add", JsonCodec.object().put("a", -5).put("b", 3));
            assertEquals(-2, sum.structuredContent().path("sum").asInt());
            McpException bad = assertThrows(McpException.class, () -> client.callTool("add", JsonCodec.object().put("a", "five").put("b", 3)));
            assertEquals(JsonRpcError.INVALID_PARAMS, bad.code(), "arguments that do not fit the generated schema are refused");
            assertTrue(bad.getMessage().contains("/a: string found, integer expected"), bad.getMessage());
        }
    }

    @Test
    void theIndexIsServedAsTheKnowledgeBaseServer() {
        try (McpClient client = connect("/mcp/knowledge-base", "2025-11-25")) {
            assertEquals("starter-test-knowledge-base", client.serverInfo().name());
            CallToolResult found = client.callTool("search", JsonCodec.object().put("query", "wild yeast starter").put("k", 1));
            JsonNode passage = found.structuredContent().path("passages").get(0);
            assertTrue(passage.path("path").asString().endsWith("bread.md"), passage.toString());
            assertEquals(2, client.listAllResources().size());
        }
    }

    @Test
    void rawHttpRulesHoldOnTheServletContainer() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI mcp = URI.create("http://localhost:" + port + "/mcp");
            HttpResponse<String> noAccept = http.send(HttpRequest.newBuilder(mcp).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(406, noAccept.statusCode(), noAccept.body());
            HttpResponse<String> unknownSession = http.send(HttpRequest.newBuilder(mcp).header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", "nope").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknownSession.statusCode(), unknownSession.body());
            HttpResponse<String> foreignOrigin = http.send(HttpRequest.newBuilder(mcp).header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreignOrigin.statusCode(), foreignOrigin.body());
        }
    }

    @Test
    void healthShowsTheIndexAndTheModels() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode components = JsonCodec.mapper().readTree(response.body()).path("components");
            JsonNode indexHealth = components.path("cairnIndex");
            assertEquals("UP", indexHealth.path("status").asString(), response.body());
            assertEquals(2, indexHealth.path("details").path("documents").asInt());
            assertTrue(indexHealth.path("details").path("startupIngest").asString().startsWith("2 files: 2 added"), response.body());
            JsonNode modelHealth = components.path("cairnModel");
            assertEquals("UP", modelHealth.path("status").asString(), response.body());
            assertEquals("all-minilm-l6-v2-q (384 dimensions)", modelHealth.path("details").path("embeddings").asString());
            assertEquals("none: answers are extractive", modelHealth.path("details").path("llm").asString());
        }
    }
}
