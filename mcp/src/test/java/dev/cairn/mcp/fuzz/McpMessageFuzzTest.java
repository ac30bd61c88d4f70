package dev.cairn.mcp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.core.fuzz.FuzzProperty;
import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.Prompt;
import dev.cairn.mcp.schema.PromptArgument;
import dev.cairn.mcp.schema.PromptMessage;
import dev.cairn.mcp.schema.Resource;
import dev.cairn.mcp.schema.ReadResourceResult;
import dev.cairn.mcp.schema.GetPromptResult;
import dev.cairn.mcp.schema.TextResourceContents;
import dev.cairn.mcp.transport.StdioServerTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of MCP message handling on both transports: the JSON-RPC codec, a whole stdio session
 * fed hostile bytes, and hostile POST bodies to the Streamable HTTP server inside an initialized session. The
 * properties: the codec gives a message or a {@link JsonRpcException} (and the bytes it writes parse back to the same
 * bytes); a stdio session ends when its input ends, and every line it wrote is a JSON-RPC message; the
 * HTTP server never answers 5xx and keeps answering. The server here has only tools that return at once (echo,
 * fail), a resource and a prompt, so a fuzzed {@code tools/call} cannot wait on purpose. Committed inputs (replayed
 * in {@code mvn verify}): real MCP messages and sessions under
 * {@code src/test/resources/dev/cairn/mcp/fuzz/McpMessageFuzzTestInputs/}. Fuzzing: {@code bin/fuzz mcp
 * McpMessageFuzzTest 300} (runs the three targets one after another, each for that long).
 */
class McpMessageFuzzTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}";

    private static McpServer server;
    private static StreamableHttpServer http;
    private static HttpClient client;
    private static String sessionId;

    @BeforeAll
    static void start() throws Exception {
        server = McpServer.builder().name("fuzz").version("1")
                .tool("echo", "Echoes its text", DemoServer.schema("text"),
                        (args, ctx) -> CallToolResult.text(args.path("text").asString()))
                .tool("fail", "Always fails", DemoServer.schema(), (args, ctx) -> {
                    throw new IllegalStateException("fails on purpose");
                })
                .resource(new Resource("file:///notes.txt", "notes", null, null, "text/plain", null, null, null, null),
                        (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "text/plain", "hello")))
                .prompt(new Prompt("greet", null, "Greets", List.of(new PromptArgument("name", null, null, true)), null, null),
                        (args, ctx) -> GetPromptResult.of("greeting", PromptMessage.user("Hello " + args.get("name"))))
                .build();
        http = StreamableHttpServer.builder(server).port(0).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> init = post(INIT, null);
        if (init.statusCode() != 200) throw new AssertionError("initialize: " + init.statusCode() + " " + init.body());
        sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", sessionId);
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
        if (client != null) client.close();
    }

    private static HttpResponse<String> post(String body, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri()).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void codec(byte[] input) {
        FuzzProperty.endsInResultOr(() -> {
            JsonRpcMessage message = JsonCodec.parse(input);
            // the wire form (bytes, as the transports send them) parses back to the same wire form; a string with an
            // unpaired surrogate escape (\\ude00 alone) stays escaped rather than turning into '?'
            byte[] written = JsonCodec.writeBytes(message);
            byte[] again = JsonCodec.writeBytes(JsonCodec.parse(written));
            if (!java.util.Arrays.equals(written, again)) {
                throw new AssertionError("round trip changed " + new String(written, StandardCharsets.UTF_8) + " into "
                        + new String(again, StandardCharsets.UTF_8));
            }
        }, JsonRpcException.class);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void stdioSession(byte[] input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioServerTransport.serve(server, new ByteArrayInputStream(input), out);
        String written;
        synchronized (out) {
            written = out.toString(StandardCharsets.UTF_8);
        }
        for (String line : written.split("\n")) {
            if (line.isEmpty()) continue;
            try {
                JsonCodec.parse(line);
            } catch (JsonRpcException e) {
                throw new AssertionError("the server wrote a line that is not JSON-RPC: " + line, e);
            }
        }
    }

    @FuzzTest
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void httpPost(byte[] input) throws Exception {
        HttpResponse<String> response = post(new String(input, StandardCharsets.UTF_8), sessionId);
        if (response.statusCode() >= 500) {
            throw new AssertionError("HTTP " + response.statusCode() + " for " + new String(input, StandardCharsets.UTF_8)
                    + ": " + response.body());
        }
        HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}", sessionId);
        if (ping.statusCode() != 200 && ping.statusCode() != 404) {
            throw new AssertionError("after that input a ping got " + ping.statusCode() + ": " + ping.body());
        }
    }
}
