package dev.cairn.agents;

import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.agents.langchain4j.LangChain4jChatModel;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.transport.StdioClientTransport;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import dev.cairn.rag.Chunker;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.IngestOptions;
import dev.cairn.rag.Ingestor;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent driven by LangChain4j's real OpenAI client against {@link OpenAiScriptedServer} (scripted tool calls:
 * a capable LLM cannot run here), with two real MCP servers as tools: Cairn's knowledge-base server over
 * Streamable HTTP and Java tools in a child JVM over stdio.
 */
@Timeout(120)
class OpenAiAgentTest {
    @TempDir
    Path tmp;

    @Test
    void toolCallsTravelOverHttpAndMcpBothWays() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("refunds.md"), "# Refunds\n\nCustomers may return goods within 30 days for a full refund.");
        var embedder = new HashingEmbedder();
        try (RagIndex index = new RagIndex(LuceneChunkStore.open(tmp.resolve("index"), embedder.modelName(), embedder.dimension(),
                LuceneStoreOptions.defaults()), embedder, new Chunker(128, 16, s -> s.split("\\s+").length, "words"))) {
            index.ingest(List.of(docs), IngestOptions.defaults(), Ingestor.Progress.NONE);
            try (var http = StreamableHttpServer.builder(KnowledgeBaseServer.create(index)).port(0).start();
                 McpClient kb = McpClient.builder().connect(StreamableHttpClientTransport.to(http.uri()));
                 McpClient stdio = McpClient.builder().requestTimeout(Duration.ofSeconds(30)).connect(StdioClientTransport.command(StdioToolServer.command()));
                 var openai = new OpenAiScriptedServer(
                         request -> {
                             List<String> tools = request.get("tools").valueStream().map(t -> t.get("function").get("name").asString()).toList();
                             assertTrue(tools.containsAll(List.of("search", "ask", "add", "delete_file")), tools.toString());
                             return OpenAiScriptedServer.toolCalls("search", "{\"query\": \"refund days\", \"k\": 2}", "add", "{\"a\": 30, \"b\": 1}");
                         },
                         request -> {
                             List<JsonNode> results = OpenAiScriptedServer.messages(request, "tool");
                             assertEquals(List.of("call_1", "call_2"), results.stream().map(r -> r.get("tool_call_id").asString()).toList());
                             String search = results.get(0).get("content").asString();
                             assertTrue(search.startsWith("<untrusted-data source=\"tool search\">"), search);
                             assertTrue(search.contains("within 30 days"), search);
                             return OpenAiScriptedServer.text("Goods can be returned within 30 days [1]; 30 + 1 = "
                                     + results.get(1).get("content").asString().replaceAll("(?s).*\\n(\\d+)\\n.*", "$1") + ".");
                         })) {
                var lc4j = OpenAiChatModel.builder().baseUrl(openai.baseUrl()).apiKey("test-key").modelName("scripted")
                        .timeout(Duration.ofSeconds(30)).build();
                try (Agent agent = Agent.builder().model(new LangChain4jChatModel(lc4j, "scripted")).mcp("kb", kb).mcp("tools", stdio).build()) {
                    AgentResult result = agent.run("How long do customers have to return goods?");
                    assertEquals("Goods can be returned within 30 days [1]; 30 + 1 = 31.", result.answer());
                    assertEquals(List.of("kb", "tools"), result.toolCalls().stream().map(Step.ToolInvocation::server).toList());
                    assertEquals(Step.Outcome.OK, result.toolCalls().get(1).outcome());
                    assertEquals("31", result.toolCalls().get(1).result());
                    assertEquals(new TokenUsage(24, 14), result.usage(), "token counts come from the server's usage field");
                    JsonNode first = openai.requests.getFirst();
                    JsonNode system = OpenAiScriptedServer.messages(first, "system").getFirst();
                    assertTrue(system.get("content").asString().contains("untrusted-data"));
                    JsonNode addSchema = first.get("tools").valueStream().filter(t -> t.get("function").get("name").asString().equals("add"))
                            .findFirst().orElseThrow().get("function").get("parameters");
                    assertEquals("integer", addSchema.get("properties").get("a").get("type").asString(), addSchema.toString());
                }
            }
        }
    }

    @Test
    void aServerErrorIsAClearAgentError() throws Exception {
        try (var openai = new OpenAiScriptedServer(request -> OpenAiScriptedServer.error("model 'scripted' is overloaded"))) {
            var lc4j = OpenAiChatModel.builder().baseUrl(openai.baseUrl()).apiKey("k").modelName("scripted").maxRetries(0).build();
            try (Agent agent = Agent.builder().model(new LangChain4jChatModel(lc4j, "scripted")).build()) {
                AgentException e = org.junit.jupiter.api.Assertions.assertThrows(AgentException.class, () -> agent.run("hi"));
                assertTrue(e.getMessage().startsWith("the model scripted failed: "), e.getMessage());
                assertTrue(e.getMessage().contains("overloaded"), e.getMessage());
            }
        }
    }
}
