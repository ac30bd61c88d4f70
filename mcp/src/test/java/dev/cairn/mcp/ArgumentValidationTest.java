package dev.cairn.mcp;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.transport.InProcessTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ArgumentValidationTest {

    @Test
    void argumentsThatDoNotFitTheSchemaAreAToolErrorTheModelSees() {
        try (McpClient client = McpClient.builder().connect(InProcessTransport.to(DemoServer.create()))) {
            CallToolResult wrong = client.callTool("add", JsonCodec.object().put("a", "two").put("b", 3));
            assertTrue(wrong.failed());
            String message = assertInstanceOf(TextContent.class, wrong.content().getFirst()).text();
            assertTrue(message.startsWith("Invalid arguments for tool add"), message);
            assertTrue(client.callTool("echo", JsonCodec.object()).failed(), "a missing required argument");
            assertFalse(client.callTool("add", JsonCodec.object().put("a", 2).put("b", 3)).failed());
        }
    }

    @Test
    void inTheStatelessRevisionTheyAreInvalidParams() throws Exception {
        ServerSession session = DemoServer.create().newSession();
        List<JsonRpcMessage> out = new ArrayList<>();
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\","
                + "\"arguments\":{\"a\":\"two\",\"b\":3},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"), out::add);
        long deadline = System.currentTimeMillis() + 10_000;
        while (out.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(-32602, assertInstanceOf(JsonRpcMessage.ErrorResponse.class, out.getFirst()).error().code());
    }

    @Test
    void validationCanBeTurnedOffAndNeverFetchesNetworkRefs() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer canary = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        canary.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        canary.start();
        try {
            ObjectNode schema = JsonCodec.object().put("type", "object");
            schema.putObject("properties").putObject("x").put("$ref", "http://127.0.0.1:" + canary.getAddress().getPort() + "/s.json");
            McpServer.Builder builder = McpServer.builder().tool("t", "d", schema, (args, ctx) -> CallToolResult.text("ran"));
            try {
                McpServer server = builder.build();
                try (McpClient client = McpClient.builder().connect(InProcessTransport.to(server))) {
                    client.callTool("t", JsonCodec.object().put("x", "y"));
                }
            } catch (IllegalArgumentException refused) {
                // refusing the schema is fine too; fetching it is not
            }
            assertEquals(0, fetched.get(), "a network $ref must not be dereferenced");
            McpServer lenient = builder.validateArguments(false).build();
            try (McpClient client = McpClient.builder().connect(InProcessTransport.to(lenient))) {
                assertFalse(client.callTool("t", JsonCodec.object().put("x", 1)).failed());
            }
        } finally {
            canary.stop(0);
        }
    }
}
