package dev.cairn.examples.tools;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StdioClientTransport;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the example as a user would: over Streamable HTTP, and as a child JVM on stdio, each with a real client. */
@Timeout(120)
class ToolsServerTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    private static final String CLASSPATH = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

    @Test
    void servesTheToolsOverStreamableHttpInBothRevisions() throws Exception {
        try (StreamableHttpServer server = ToolsServer.http("127.0.0.1", 0)) {
            for (String version : List.of("2025-11-25", "2026-07-28")) {
                try (McpClient client = McpClient.builder().protocolVersion(version).requestTimeout(Duration.ofSeconds(30))
                        .connect(StreamableHttpClientTransport.to(server.uri()))) {
                    assertEquals(version, client.protocolVersion());
                    exercise(client);
                }
            }
        }
    }

    @Test
    void servesTheToolsOnStdioAsAChildProcess() {
        try (McpClient client = McpClient.builder().requestTimeout(Duration.ofSeconds(60)).handshakeTimeout(Duration.ofSeconds(60))
                .connect(StdioClientTransport.command(JAVA, "-cp", CLASSPATH, ToolsServer.class.getName(), "--stdio"))) {
            assertEquals("workshop-tools", client.serverInfo().name());
            exercise(client);
        }
    }

    private static void exercise(McpClient client) {
        List<Tool> tools = client.listAllTools();
        assertEquals(List.of("convert_temperature", "days_between", "text_stats"), tools.stream().map(Tool::name).toList());
        Tool convert = tools.getFirst();
        assertEquals(List.of("from", "to", "value"), sorted(convert.inputSchema().path("required")));
        assertTrue(convert.outputSchema().path("properties").has("unit"));

        CallToolResult boiling = client.callTool("convert_temperature", JsonCodec.object().put("value", 212).put("from", "F").put("to", "c"));
        assertEquals(100.0, boiling.structuredContent().path("value").asDouble());
        assertEquals("C", boiling.structuredContent().path("unit").asString());

        CallToolResult week = client.callTool("days_between", JsonCodec.object().put("from", "2026-11-23").put("to", "2026-11-30"));
        assertEquals(7, week.structuredContent().path("days").asInt());
        assertEquals(5, week.structuredContent().path("weekdays").asInt());

        CallToolResult stats = client.callTool("text_stats", JsonCodec.object().put("text", "One two three. Four five!").put("wordsPerMinute", 60));
        assertEquals(5, stats.structuredContent().path("words").asInt());
        assertEquals(2, stats.structuredContent().path("sentences").asInt());
        assertEquals(5, stats.structuredContent().path("readingSeconds").asInt());

        CallToolResult wrongUnit = client.callTool("convert_temperature", JsonCodec.object().put("value", 1).put("from", "X").put("to", "C"));
        assertTrue(wrongUnit.failed());
        assertEquals("unknown temperature unit 'X': use C, F or K", ((TextContent) wrongUnit.content().getFirst()).text());
        CallToolResult backwards = client.callTool("days_between", JsonCodec.object().put("from", "2026-12-01").put("to", "2026-11-01"));
        assertTrue(backwards.failed());
        assertFalse(((TextContent) backwards.content().getFirst()).text().isBlank());
    }

    private static List<String> sorted(tools.jackson.databind.JsonNode array) {
        return array.valueStream().map(tools.jackson.databind.JsonNode::asString).sorted().toList();
    }

    @Test
    void aBadCommandLineExitsWithTwoAndTheUsage() throws Exception {
        Process process = new ProcessBuilder(JAVA, "-cp", CLASSPATH, ToolsServer.class.getName(), "--http", "eighty")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("mcp-tools-server: --http needs a port number, got 'eighty'\n" + ToolsServer.USAGE + "\n", err);
    }
}
