package dev.cairn.examples.chatbot;

import dev.cairn.core.Fixtures;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the chatbot as configured in its {@code application.properties}, on a random port and over the
 * repository's {@code examples/docs} (ingested at start-up into a fresh index; the smaller built-in embedding
 * model keeps the test quick), then asks it over HTTP on {@code /ask} and through {@code /mcp} with a real MCP client.
 */
@SpringBootTest(classes = ChatbotApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cairn.embeddings.model=all-minilm-l6-v2-q")
@Timeout(180)
class ChatbotApplicationTest {
    private static final Path DOCS = Fixtures.repoRoot().resolve("examples/docs");
    private static final Path INDEX = Path.of("target", "test-work", "chatbot-index").toAbsolutePath();

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws IOException {
        if (Files.exists(INDEX)) {
            try (Stream<Path> paths = Files.walk(INDEX)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        registry.add("cairn.ingest.paths", DOCS::toString);
        registry.add("cairn.index.path", INDEX::toString);
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void answersOnAskWithCitations() throws Exception {
        String question = "Where does Cairn keep its default indexes?";
        HttpResponse<String> response = get("/ask?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode reply = JsonCodec.mapper().readTree(response.body());
        assertEquals(question, reply.path("question").asString());
        String answer = reply.path("answer").asString();
        assertTrue(answer.contains("CAIRN_HOME") && answer.matches("(?s).*\\[\\d]"), answer);
        JsonNode sources = reply.path("sources");
        assertEquals(1, sources.get(0).path("n").asInt());
        assertTrue(sources.valueStream().anyMatch(s -> s.path("path").asString().endsWith("configuration.md")), sources.toString());
        assertTrue(sources.get(0).path("citation").asString().contains("›"), sources.get(0).toString());
    }

    @Test
    void askWithoutAQuestionIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/ask?q=%20");
        assertEquals(400, response.statusCode());
        assertEquals("ask with ?q=your+question", JsonCodec.mapper().readTree(response.body()).path("error").asString());
    }

    @Test
    void servesItsToolsOnMcp() throws Exception {
        long markdownFiles;
        try (Stream<Path> files = Files.list(DOCS)) {
            markdownFiles = files.filter(p -> p.toString().endsWith(".md")).count();
        }
        try (McpClient client = McpClient.builder().requestTimeout(Duration.ofSeconds(60))
                .connect(StreamableHttpClientTransport.to(URI.create("http://127.0.0.1:" + port + "/mcp")))) {
            assertEquals("spring-chatbot", client.serverInfo().name());
            assertEquals(List.of("ask", "library"), client.listAllTools().stream().map(Tool::name).toList());
            CallToolResult library = client.callTool("library", JsonCodec.object());
            assertEquals(markdownFiles, library.structuredContent().path("documents").asLong());
            assertEquals("all-minilm-l6-v2-q", library.structuredContent().path("embeddingModel").asString());
            CallToolResult asked = client.callTool("ask", JsonCodec.object().put("question", "How do I embed text?"));
            String text = ((TextContent) asked.content().getFirst()).text();
            assertTrue(text.contains("Sources:\n[1] "), text);
        }
        try (McpClient client = McpClient.builder().protocolVersion("2026-07-28").requestTimeout(Duration.ofSeconds(60))
                .connect(StreamableHttpClientTransport.to(URI.create("http://127.0.0.1:" + port + "/mcp/knowledge-base")))) {
            CallToolResult found = client.callTool("search", JsonCodec.object().put("query", "CAIRN_HOME environment variable").put("k", 3));
            assertTrue(found.structuredContent().path("passages").valueStream()
                    .anyMatch(p -> p.path("path").asString().endsWith("configuration.md")), found.structuredContent().toString());
        }
    }

    @Test
    void reportsHealthyIndexAndModels() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = JsonCodec.mapper().readTree(response.body());
        assertEquals("UP", health.path("status").asString());
        assertEquals("UP", health.path("components").path("cairnIndex").path("status").asString(), response.body());
    }
}
