package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.TextContent;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.InProcessTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AnnotatedToolsTest {
    public record SearchArgs(@Describe("What to look for") String query, @Describe("How many hits") int k,
                             Optional<String> mode) {
    }

    public record Hits(List<String> hits, int total) {
    }

    public static final class Library {
        @McpTool(description = "Searches the library", readOnly = true, destructive = false)
        public Hits search(SearchArgs args) {
            String suffix = args.mode().map(m -> " (" + m + ")").orElse("");
            return new Hits(List.of(args.query() + suffix).subList(0, Math.min(1, args.k())), args.k());
        }

        @McpTool(name = "hello", description = "Greets")
        public String greet(RequestContext context) {
            return "hello " + context.clientInfo().name();
        }

        @McpTool(description = "Fails")
        public CallToolResult broken() {
            throw new IllegalStateException("broken on purpose");
        }
    }

    @Test
    void schemasAreGeneratedAndCallsAreTyped() {
        McpServer server = McpServer.builder().tools(new Library()).build();
        try (McpClient client = McpClient.builder().connect(InProcessTransport.to(server))) {
            List<Tool> tools = client.listAllTools();
            assertEquals(List.of("broken", "hello", "search"), tools.stream().map(Tool::name).toList());
            Tool search = tools.get(2);
            assertEquals("object", search.inputSchema().get("type").asString());
            assertEquals("string", search.inputSchema().at("/properties/query/type").asString());
            assertEquals("What to look for", search.inputSchema().at("/properties/query/description").asString());
            assertEquals("integer", search.inputSchema().at("/properties/k/type").asString());
            List<String> required = new java.util.ArrayList<>();
            search.inputSchema().path("required").forEach(r -> required.add(r.asString()));
            assertTrue(required.containsAll(List.of("query", "k")) && !required.contains("mode"), required.toString());
            assertEquals("array", search.outputSchema().at("/properties/hits/type").asString());
            assertTrue(search.annotations().readOnlyHint());

            CallToolResult result = client.callTool("search", JsonCodec.object().put("query", "cairn").put("k", 3).put("mode", "bm25"));
            assertFalse(result.failed(), result.toString());
            assertEquals("cairn (bm25)", result.structuredContent().at("/hits/0").asString());
            assertEquals(3, result.structuredContent().get("total").asInt());

            assertTrue(client.callTool("search", JsonCodec.object().put("k", 3)).failed(), "query is required");
            assertEquals("hello cairn", assertInstanceOf(TextContent.class,
                    client.callTool("hello", null).content().getFirst()).text());
            CallToolResult broken = client.callTool("broken", null);
            assertTrue(broken.failed());
            assertEquals("broken on purpose", assertInstanceOf(TextContent.class, broken.content().getFirst()).text());
        }
    }
}
