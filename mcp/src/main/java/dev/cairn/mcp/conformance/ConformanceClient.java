package dev.cairn.mcp.conformance;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;

/**
 * The client the official MCP conformance suite drives: it runs this with the test server's URL as the last
 * argument and the scenario in {@code MCP_CONFORMANCE_SCENARIO}, and judges what the client does. Exits 0
 * when the scenario's steps completed, 1 otherwise.
 */
public final class ConformanceClient {
    private ConformanceClient() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ConformanceClient URL (scenario in MCP_CONFORMANCE_SCENARIO)");
            System.exit(2);
        }
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
        try {
            run(scenario, args[args.length - 1]);
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("scenario " + scenario + " failed: " + e);
            System.exit(1);
        }
    }

    /** Runs one scenario against the server at {@code url}. */
    public static void run(String scenario, String url) {
        ObjectNode elicitation = JsonCodec.object();
        elicitation.putObject("form");
        McpClient.Builder builder = McpClient.builder()
                .clientInfo(new Implementation("cairn-conformance-client", "0.1.0"))
                .capabilities(new ClientCapabilities(null, null, null, elicitation, null))
                .requestTimeout(Duration.ofSeconds(20))
                .onRequest("elicitation/create", ConformanceClient::acceptWithDefaults);
        try (McpClient client = builder.connect(StreamableHttpClientTransport.to(url))) {
            switch (scenario) {
                case "initialize" -> client.listTools(null);
                case "tools_call" -> expectSuccess(client.callTool("add_numbers", JsonCodec.object().put("a", 5).put("b", 3)));
                case "elicitation-sep1034-client-defaults" ->
                        expectSuccess(client.callTool("test_client_elicitation_defaults", JsonCodec.object()));
                case "sse-retry" -> expectSuccess(client.callTool("test_reconnection", JsonCodec.object()));
                default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
            }
        }
    }

    private static void expectSuccess(CallToolResult result) {
        if (result.failed()) {
            throw new IllegalStateException("tool failed: " + result.content());
        }
    }

    /** Accepts a form elicitation, answering every field that has a default with that default (SEP-1034). */
    static JsonNode acceptWithDefaults(ObjectNode params) {
        ObjectNode content = JsonCodec.object();
        JsonNode properties = params.at("/requestedSchema/properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode fallback = property.getValue().get("default");
            if (fallback != null) {
                content.set(property.getKey(), fallback);
            }
        }
        ObjectNode result = JsonCodec.object().put("action", "accept");
        result.set("content", content);
        return result;
    }
}
