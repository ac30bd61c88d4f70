package dev.cairn.spring;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.Fixtures;
import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.agents.local.LocalAnswerGenerator;
import dev.cairn.llm.Model;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.transport.StreamableHttpServer;
import dev.cairn.rag.HashingEmbedder;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import dev.cairn.rag.answer.AnswerGenerator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auto-configuration's conditions, without a web server: what is created for which properties, that the
 * application's own beans win, and that bad settings stop the start-up with a message naming the property. The
 * embedding model is {@link HashingEmbedder} here (the application's own bean, so the ONNX one backs off); the
 * real ONNX model is in {@link StarterWebTest}. The remote model is a small OpenAI-compatible HTTP double on
 * loopback, since no capable chat model runs on this machine; the local one is the real runtime on stories260K.
 */
@Timeout(120)
class AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CairnIndexAutoConfiguration.class, CairnModelAutoConfiguration.class,
                    CairnAnswerAutoConfiguration.class, CairnMcpAutoConfiguration.class, CairnHealthAutoConfiguration.class,
                    CairnAgentAutoConfiguration.class))
            .withBean(EmbeddingService.class, HashingEmbedder::new);

    @TempDir
    Path dir;

    private Path docs() throws IOException {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("tides.md"), "# Tides\n\nTides are caused by the gravity of the moon and the sun.\n");
        Files.writeString(docs.resolve("bees.md"), "# Bees\n\nHoney bees dance to tell the hive where flowers are.\n");
        return docs;
    }

    @Test
    void withoutAnIndexPathThereIsNoIndexRetrieverOrAnswerer() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(EmbeddingService.class);
            assertThat(context).doesNotHaveBean(RagIndex.class);
            assertThat(context).doesNotHaveBean(Retriever.class);
            assertThat(context).doesNotHaveBean(Answerer.class);
            assertThat(context).doesNotHaveBean(AnswerGenerator.class);
            assertThat(context).hasSingleBean(McpClients.class);
        });
    }

    @Test
    void anIndexPathGivesAnIngestedIndexAndAnExtractiveAnswerer() throws IOException {
        Path docs = docs();
        runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.ingest.paths=" + docs,
                "cairn.index.search-mode=bm25").run(context -> {
            assertThat(context).hasNotFailed();
            assertSame(context.getBean(EmbeddingService.class), context.getBean("embeddingService"), "the application's model is used");
            RagIndex index = context.getBean(RagIndex.class);
            assertEquals(2, index.info().documents());
            assertEquals("bm25", context.getBean(Retriever.class).name());
            Answer answer = context.getBean(Answerer.class).answer("What causes tides?");
            assertTrue(answer.extractive());
            assertTrue(answer.text().startsWith("Tides are caused by the gravity of the moon"), answer.text());

            Health health = context.getBean("cairnIndexHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.UP, health.getStatus());
            assertEquals(2L, health.getDetails().get("documents"));
            assertEquals(dir.resolve("index").toString(), health.getDetails().get("location"));
        });
    }

    @Test
    void anEmptyIndexIsDown() {
        runner.withPropertyValues("cairn.index.path=" + dir.resolve("index")).run(context -> {
            Health health = context.getBean("cairnIndexHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.DOWN, health.getStatus());
            assertThat(health.getDetails().get("reason").toString()).contains("empty");
        });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        Answerer mine = Answerer.extractive(new Retriever() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public List<dev.cairn.rag.Passage> retrieve(dev.cairn.rag.SearchRequest request) {
                return List.of();
            }
        });
        AnswerGenerator generator = prompt -> "mine";
        runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"))
                .withBean("myAnswerer", Answerer.class, () -> mine)
                .withBean("myGenerator", AnswerGenerator.class, () -> generator)
                .run(context -> {
                    assertSame(mine, context.getBean(Answerer.class));
                    assertSame(generator, context.getBean(AnswerGenerator.class));
                    assertThat(context).hasSingleBean(RagIndex.class);
                });
    }

    @Test
    void badSettingsStopTheStartUpNamingTheProperty() throws IOException {
        Path docs = docs();
        assertStartUpFails(runner.withPropertyValues("cairn.llm.model-path=/m.gguf", "cairn.llm.openai.base-url=http://localhost:1/v1"),
                "set either cairn.llm.model-path (a local model) or cairn.llm.openai.base-url (a remote one), not both");
        assertStartUpFails(runner.withPropertyValues("cairn.mcp.clients.tools.url=http://localhost:1/mcp", "cairn.mcp.clients.tools.command=x"),
                "cairn.mcp.clients.tools needs exactly one of command (stdio) or url (Streamable HTTP)");
        assertStartUpFails(runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.ingest.paths=" + dir.resolve("nowhere")),
                "cairn.ingest.paths: " + dir.resolve("nowhere") + " does not exist");
        assertStartUpFails(runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.index.read-only=true", "cairn.ingest.paths=" + docs),
                "cairn.index.read-only=true but cairn.ingest.paths is set");
        assertStartUpFails(runner.withPropertyValues("cairn.llm.model-path=" + dir.resolve("missing.gguf")),
                "cairn.llm.model-path: " + dir.resolve("missing.gguf") + " is not a file");
        assertStartUpFails(runner.withPropertyValues("cairn.answer.sources=0"), "cairn.answer.sources and cairn.answer.sentences must be at least 1");
        assertStartUpFails(new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CairnIndexAutoConfiguration.class))
                .withPropertyValues("cairn.embeddings.model=no-such-model"), "cannot load the embedding model cairn.embeddings.model=no-such-model");
    }

    private static void assertStartUpFails(ApplicationContextRunner runner, String message) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(message);
        });
    }

    /** The real runtime on the 260K-parameter stories model: it writes (nonsense, but generated) answers. */
    @Test
    void aLocalModelWritesTheAnswers() throws IOException {
        Path gguf = Fixtures.fixture("models/stories260K.gguf");
        Path docs = docs();
        runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.ingest.paths=" + docs,
                "cairn.llm.model-path=" + gguf, "cairn.llm.max-tokens=8").run(context -> {
            assertThat(context).hasNotFailed();
            Model model = context.getBean(Model.class);
            assertInstanceOf(LocalAnswerGenerator.class, context.getBean(AnswerGenerator.class));
            Answer answer = context.getBean(Answerer.class).answer("What causes tides?");
            assertFalse(answer.extractive());
            assertFalse(answer.text().isBlank());
            Health health = context.getBean("cairnModelHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.UP, health.getStatus());
            assertEquals(model.architecture() + ", context " + model.contextLength() + " tokens", health.getDetails().get("llm"));
        });
    }

    /** The remote model through LangChain4j's OpenAI client, against an OpenAI-compatible double on loopback. */
    @Test
    void aRemoteModelWritesTheAnswersFromTheGroundedPrompt() throws IOException {
        Path docs = docs();
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        HttpServer openai = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        openai.createContext("/v1/chat/completions", exchange -> {
            requests.add(JsonCodec.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            respond(exchange, 200, """
                    {"id":"c1","object":"chat.completion","created":1,"model":"test-model","choices":[{"index":0,
                     "message":{"role":"assistant","content":"The moon's gravity causes tides [1]."},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":10,"completion_tokens":8,"total_tokens":18}}""");
        });
        openai.createContext("/v1/models", exchange -> respond(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"test-model\",\"object\":\"model\"}]}"));
        openai.start();
        String baseUrl = "http://127.0.0.1:" + openai.getAddress().getPort() + "/v1";
        try {
            runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.ingest.paths=" + docs,
                    "cairn.llm.openai.base-url=" + baseUrl, "cairn.llm.openai.model=test-model", "cairn.llm.openai.api-key=k1").run(context -> {
                assertThat(context).hasNotFailed();
                assertInstanceOf(OpenAiChatModel.class, context.getBean(ChatModel.class));
                Answer answer = context.getBean(Answerer.class).answer("What causes tides?");
                assertEquals("The moon's gravity causes tides [1].", answer.text());
                assertFalse(answer.extractive());
                JsonNode request = requests.getFirst();
                assertEquals("test-model", request.path("model").asString());
                String prompt = request.path("messages").get(0).path("content").asString();
                assertTrue(prompt.contains("What causes tides?") && prompt.contains("gravity of the moon"), prompt);

                Health health = context.getBean("cairnModelHealthIndicator", HealthIndicator.class).health();
                assertEquals(Status.UP, health.getStatus(), health.toString());
                assertEquals("test-model at " + baseUrl, health.getDetails().get("llm"));
            });
        } finally {
            openai.stop(0);
        }
        runner.withPropertyValues("cairn.llm.openai.base-url=" + baseUrl).run(context -> {
            Health health = context.getBean("cairnModelHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.DOWN, health.getStatus(), "the server is gone");
            assertThat(health.getDetails().get("llmStatus").toString()).startsWith("GET " + baseUrl + "/models failed");
        });
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A configured MCP server (Streamable HTTP, the mcp module's own server on loopback) is connected on first use. */
    @Test
    void configuredMcpClientsConnectOnFirstUse() throws Exception {
        McpServer echo = McpServer.builder().name("echo").version("1")
                .tool("echo", "Echoes its text", JsonCodec.object().put("type", "object"),
                        (args, ctx) -> dev.cairn.mcp.schema.CallToolResult.text(args.path("text").asString()))
                .build();
        try (StreamableHttpServer server = StreamableHttpServer.builder(echo).start()) {
            runner.withPropertyValues("cairn.mcp.clients.echo.url=" + server.uri()).run(context -> {
                McpClients clients = context.getBean(McpClients.class);
                assertEquals(java.util.Set.of("echo"), clients.names());
                var result = clients.client("echo").callTool("echo", JsonCodec.object().put("text", "hi"));
                assertEquals("hi", ((dev.cairn.mcp.schema.TextContent) result.content().getFirst()).text());
                assertSame(clients.client("echo"), clients.client("echo"));
                CairnSpringException unknown = assertThrows(CairnSpringException.class, () -> clients.client("other"));
                assertEquals("no MCP server named 'other' in cairn.mcp.clients (configured: echo)", unknown.getMessage());
            });
        }
        runner.withPropertyValues("cairn.mcp.clients.gone.url=http://127.0.0.1:1/mcp").run(context -> {
            CairnSpringException down = assertThrows(CairnSpringException.class, () -> context.getBean(McpClients.class).client("gone"));
            assertThat(down.getMessage()).startsWith("cannot connect to MCP server cairn.mcp.clients.gone at http://127.0.0.1:1/mcp: ");
        });
    }

    /** Java tools of the application: the agent is offered them beside the MCP servers. */
    public static class Clock {
        public record Noon(String at) {
        }

        @dev.cairn.mcp.McpTool(description = "Tells when noon is", readOnly = true)
        public Noon noon() {
            return new Noon("12:00");
        }
    }

    /**
     * A scripted agents {@link dev.cairn.agents.ChatModel} (no capable chat model runs here): the first turn calls
     * the knowledge base's search, the configured MCP server's echo and the application's noon tool; the second
     * answers with what the tools returned, so the answer holds only what really came back from them.
     */
    private static dev.cairn.agents.ChatResponse scripted(dev.cairn.agents.ChatRequest request) {
        List<String> results = request.messages().stream().filter(m -> m instanceof dev.cairn.agents.ChatMessage.ToolResult)
                .map(m -> ((dev.cairn.agents.ChatMessage.ToolResult) m).content()).toList();
        if (results.isEmpty()) {
            return new dev.cairn.agents.ChatResponse(new dev.cairn.agents.ChatMessage.Assistant("", List.of(
                    new dev.cairn.agents.ToolCall("c1", "search", JsonCodec.object().put("query", "What causes tides?").put("k", 1)),
                    new dev.cairn.agents.ToolCall("c2", "echo", JsonCodec.object().put("text", "hello from echo")),
                    new dev.cairn.agents.ToolCall("c3", "noon", JsonCodec.object()))), dev.cairn.agents.TokenUsage.NONE);
        }
        return new dev.cairn.agents.ChatResponse(dev.cairn.agents.ChatMessage.Assistant.of(String.join("\n", results)),
                dev.cairn.agents.TokenUsage.NONE);
    }

    @Test
    void anAgentUsesTheConfiguredMcpServersTheKnowledgeBaseAndTheApplicationsTools() throws Exception {
        Path docs = docs();
        McpServer echo = McpServer.builder().name("echo").version("1")
                .tool(new dev.cairn.mcp.schema.Tool("echo", null, "Echoes its text", JsonCodec.object().put("type", "object"), null,
                                new dev.cairn.mcp.schema.ToolAnnotations(null, true, false, true, false), null, null, null),
                        (args, ctx) -> dev.cairn.mcp.schema.CallToolResult.text(args.path("text").asString()))
                .build();
        try (StreamableHttpServer server = StreamableHttpServer.builder(echo).start()) {
            runner.withPropertyValues("cairn.index.path=" + dir.resolve("index"), "cairn.ingest.paths=" + docs,
                            "cairn.mcp.clients.echo.url=" + server.uri(), "cairn.agent.max-steps=3")
                    .withBean(dev.cairn.agents.ChatModel.class, () -> (request, onText) -> scripted(request))
                    .withBean(Clock.class, Clock::new)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        dev.cairn.agents.Agent agent = context.getBean(dev.cairn.agents.Agent.class);
                        assertThat(agent.tools().stream().map(dev.cairn.agents.ToolSpec::name).toList())
                                .contains("echo", "search", "ask", "noon");
                        dev.cairn.agents.AgentResult result = agent.run("What causes tides, and when is noon?");
                        assertEquals(dev.cairn.agents.AgentResult.StopReason.ANSWERED, result.stopReason());
                        assertEquals(List.of("knowledge_base", "echo", "application"),
                                result.toolCalls().stream().map(dev.cairn.agents.Step.ToolInvocation::server).toList());
                        assertThat(result.answer()).contains("gravity of the moon", "tides.md", "hello from echo", "12:00");
                    });
        }
    }

    @Test
    void theAgentsModelComesFromTheConfiguredModel() throws IOException {
        Path gguf = Fixtures.fixture("models/stories260K.gguf");
        runner.withPropertyValues("cairn.llm.model-path=" + gguf).run(context -> {
            assertInstanceOf(dev.cairn.agents.local.LocalChatModel.class, context.getBean(dev.cairn.agents.ChatModel.class));
            assertThat(context).hasSingleBean(dev.cairn.agents.Agent.class);
        });
        runner.withPropertyValues("cairn.llm.openai.base-url=http://127.0.0.1:1/v1").run(context -> {
            assertInstanceOf(dev.cairn.agents.langchain4j.LangChain4jChatModel.class, context.getBean(dev.cairn.agents.ChatModel.class));
            assertThat(context).hasSingleBean(dev.cairn.agents.Agent.class);
        });
        runner.withPropertyValues("cairn.llm.openai.base-url=http://127.0.0.1:1/v1", "cairn.agent.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(dev.cairn.agents.Agent.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(dev.cairn.agents.Agent.class));
    }
}
