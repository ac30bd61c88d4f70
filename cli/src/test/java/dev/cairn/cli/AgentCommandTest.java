package dev.cairn.cli;

import dev.cairn.mcp.Describe;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.McpTool;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cairn agent} end to end: LangChain4j's OpenAI client against {@link OpenAiStub} (scripted tool calls),
 * tools from a Cairn MCP server over Streamable HTTP.
 */
@Timeout(120)
class AgentCommandTest {
    public static final class Tools {
        final AtomicInteger deletes = new AtomicInteger();

        public record Key(@Describe("the key") String key) {
        }

        @McpTool(description = "Looks up a stock level", readOnly = true, destructive = false)
        public String stock(Key k) {
            return k.key().equals("apples") ? "42 apples" : "unknown item";
        }

        @McpTool(description = "Deletes an item from the inventory", destructive = true)
        public String delete_item(Key k) {
            deletes.incrementAndGet();
            return "deleted " + k.key();
        }
    }

    final Tools tools = new Tools();
    StreamableHttpServer mcp;

    @BeforeEach
    void start() throws Exception {
        mcp = StreamableHttpServer.builder(McpServer.builder().name("inventory").tools(tools).build()).port(0).start();
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    record Run(int code, String out, String err) {
    }

    static Run cairn(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cairn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private OpenAiStub script() throws Exception {
        return new OpenAiStub(
                r -> OpenAiStub.toolCalls("stock", "{\"key\": \"apples\"}", "delete_item", "{\"key\": \"pears\"}"),
                r -> {
                    List<String> results = new ArrayList<>();
                    for (JsonNode m : r.get("messages")) if (m.path("role").asString().equals("tool")) results.add(m.get("content").asString());
                    return OpenAiStub.text("Stock: " + (results.getFirst().contains("42 apples") ? "42 apples" : "?") + ".");
                });
    }

    @Test
    void jsonTraceWithToolCallsFromAnMcpServer() throws Exception {
        try (OpenAiStub openai = script()) {
            Run run = cairn("agent", "How many apples are in stock?", "--openai-url", openai.url(), "--openai-model", "stub",
                    "--mcp", mcp.uri().toString(), "--json");
            assertEquals(0, run.code(), run.err());
            JsonNode json = OpenAiStub.JSON.readTree(run.out());
            assertEquals("Stock: 42 apples.", json.get("answer").asString());
            List<String> types = json.get("steps").valueStream().map(s -> s.get("type").asString()).toList();
            assertEquals(List.of("model", "tool_call", "tool_call", "model"), types);
            JsonNode stock = json.get("steps").get(1);
            assertEquals("stock", stock.get("tool").asString());
            assertEquals("apples", stock.get("arguments").get("key").asString());
            assertEquals("42 apples", stock.get("result").asString());
            JsonNode delete = json.get("steps").get(2);
            assertEquals("denied", delete.get("outcome").asString(), "no --yes and no terminal: destructive tools are refused");
            assertEquals(0, tools.deletes.get());
        }
    }

    @Test
    void yesAllowsDestructiveToolsAndTheTracePrintsLive() throws Exception {
        try (OpenAiStub openai = script()) {
            Run run = cairn("agent", "How many apples?", "--openai-url", openai.url(), "--openai-model", "stub",
                    "--mcp", mcp.uri().toString(), "--yes");
            assertEquals(0, run.code(), run.err());
            assertEquals(1, tools.deletes.get());
            assertTrue(run.out().contains("[tool inventory/stock {\"key\":\"apples\"} -> ok"), run.out());
            assertTrue(run.out().contains("[tool inventory/delete_item {\"key\":\"pears\"} -> ok"), run.out());
            assertTrue(run.out().strip().endsWith("Stock: 42 apples."), run.out());
        }
    }

    @Test
    void usageAndConnectionErrorsAreOneLine() throws Exception {
        assertEquals(2, cairn("agent", "goal").code(), "no model");
        Run both = cairn("agent", "goal", "--model", "x.gguf", "--openai-url", "http://127.0.0.1:1/v1", "--openai-model", "m");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give either --model FILE.gguf or --openai-url URL"), both.err());
        assertEquals(2, cairn("agent", "goal", "--openai-url", "http://127.0.0.1:1/v1").code(), "no --openai-model");
        assertEquals(2, cairn("agent", "goal", "--openai-url", "ftp://x", "--openai-model", "m").code());
        Run key = cairn("agent", "goal", "--openai-url", "http://127.0.0.1:1/v1", "--openai-model", "m", "--api-key-env", "CAIRN_TEST_NO_SUCH_VAR");
        assertEquals(1, key.code());
        assertEquals("cairn agent: the environment variable CAIRN_TEST_NO_SUCH_VAR (--api-key-env) is not set", key.err().strip());
        try (OpenAiStub openai = script()) {
            Run down = cairn("agent", "goal", "--openai-url", openai.url(), "--openai-model", "stub", "--mcp", "http://127.0.0.1:1/mcp");
            assertEquals(1, down.code());
            assertTrue(down.err().startsWith("cairn agent: cannot reach the MCP server at http://127.0.0.1:1/mcp"), down.err());
            assertEquals(1, down.err().strip().lines().count(), down.err());
        }
    }

    @Test
    void stepLimitExitsOneWithTheReason() throws Exception {
        try (OpenAiStub openai = new OpenAiStub(r -> OpenAiStub.toolCalls("stock", "{\"key\": \"apples\"}"))) {
            Run run = cairn("agent", "loop", "--openai-url", openai.url(), "--openai-model", "stub", "--mcp", mcp.uri().toString(),
                    "--max-steps", "1", "--json");
            assertEquals(1, run.code());
            assertEquals("max_steps", OpenAiStub.JSON.readTree(run.out()).get("stop_reason").asString());
            assertEquals("cairn agent: Stopped after 1 steps without an answer.", run.err().strip());
        }
    }
}
