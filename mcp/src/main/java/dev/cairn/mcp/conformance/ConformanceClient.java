package dev.cairn.mcp.conformance;

import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.ProtocolVersions;
import dev.cairn.mcp.auth.AssertionGrant;
import dev.cairn.mcp.auth.AuthorizationHandler;
import dev.cairn.mcp.auth.ClientCredentials;
import dev.cairn.mcp.auth.OAuthClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import dev.cairn.mcp.schema.ClientCapabilities;
import dev.cairn.mcp.schema.Implementation;
import dev.cairn.mcp.schema.ListChanged;
import dev.cairn.mcp.schema.Tool;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The client the official MCP conformance suite drives: it runs this with the test server's URL as the last
 * argument, the scenario in {@code MCP_CONFORMANCE_SCENARIO}, the protocol revision in
 * {@code MCP_CONFORMANCE_PROTOCOL_VERSION} and extra data in {@code MCP_CONFORMANCE_CONTEXT}, and judges what
 * the client does. Exits 0 when the scenario's steps completed, 1 otherwise.
 */
public final class ConformanceClient {
    private static final String REDIRECT = "http://localhost:3000/callback";
    /** The URL the suite expects as the client id where client ID metadata documents are supported. */
    private static final String CLIENT_METADATA_DOCUMENT = "https://conformance-test.local/client-metadata.json";

    private ConformanceClient() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ConformanceClient URL (scenario in MCP_CONFORMANCE_SCENARIO)");
            System.exit(2);
        }
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
        String version = System.getenv().getOrDefault("MCP_CONFORMANCE_PROTOCOL_VERSION", ProtocolVersions.LATEST);
        String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
        try {
            run(scenario, version, context == null ? null : JsonCodec.mapper().readTree(context), args[args.length - 1]);
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("scenario " + scenario + " failed: " + e);
            System.exit(1);
        }
    }

    /** Runs one scenario against the server at {@code url}, speaking {@code version}. */
    public static void run(String scenario, String version, JsonNode context, String url) {
        ObjectNode elicitation = JsonCodec.object();
        elicitation.putObject("form");
        ObjectNode roots = JsonCodec.object().put("listChanged", false);
        McpClient.Builder builder = McpClient.builder()
                .protocolVersion(version)
                .clientInfo(new Implementation("cairn-conformance-client", "0.1.0"))
                .capabilities(new ClientCapabilities(null, new ListChanged(false), JsonCodec.object(), elicitation, null))
                .requestTimeout(Duration.ofSeconds(20))
                .onRequest("elicitation/create", ConformanceClient::acceptWithDefaults)
                .onRequest("sampling/createMessage", params -> {
                    ObjectNode result = JsonCodec.object().put("role", "assistant").put("model", "cairn-conformance");
                    result.putObject("content").put("type", "text").put("text", "A response from Cairn's conformance client");
                    return result.put("stopReason", "endTurn");
                })
                .onRequest("roots/list", params -> {
                    ObjectNode result = JsonCodec.object();
                    result.putArray("roots").addObject().put("uri", "file:///tmp/cairn").put("name", "cairn");
                    return result;
                });
        StreamableHttpClientTransport transport = StreamableHttpClientTransport.to(url).authorization(oauth(scenario, context));
        try (McpClient client = builder.connect(transport)) {
            if (context != null && context.get("toolCalls") instanceof ArrayNode calls) {
                client.listAllTools();
                for (JsonNode call : calls) {
                    JsonNode arguments = call.get("arguments");
                    client.callTool(call.path("name").asString(), arguments instanceof ObjectNode o ? o : JsonCodec.object());
                }
                return;
            }
            switch (scenario) {
                case "initialize" -> client.listTools(null);
                case "tools_call" -> expectSuccess(client.callTool("add_numbers", JsonCodec.object().put("a", 5).put("b", 3)));
                case "elicitation-sep1034-client-defaults" ->
                        expectSuccess(client.callTool("test_client_elicitation_defaults", JsonCodec.object()));
                case "sse-retry" -> expectSuccess(client.callTool("test_reconnection", JsonCodec.object()));
                case "json-schema-2020-12-preservation" -> echoSchema(client);
                default -> exercise(client);
            }
        }
    }

    /**
     * The OAuth client the authorization scenarios exercise: the suite's authorization servers approve at once,
     * so the redirect is followed without a browser; a client ID metadata document URL for servers that accept
     * one; pre-registered credentials when the scenario's context carries them.
     */
    static OAuthClient oauth(String scenario, JsonNode context) {
        OAuthClient.Builder oauth = OAuthClient.builder(AuthorizationHandler.followRedirect(URI.create(REDIRECT)))
                .clientName("cairn-conformance-client")
                .clientMetadataDocument(URI.create(CLIENT_METADATA_DOCUMENT));
        if (context != null && context.hasNonNull("client_id")) {
            String id = context.get("client_id").asString();
            oauth.preRegistered(context.path("issuer").asString(null), context.hasNonNull("private_key_pem")
                    ? ClientCredentials.withPrivateKey(id, OAuthClient.pemKey(context.get("private_key_pem").asString()))
                    : ClientCredentials.of(id, context.path("client_secret").asString(null)));
        }
        // the client-credentials extension: a machine client, no user
        oauth.clientCredentialsGrant(scenario.startsWith("auth/client-credentials-"));
        if (context != null && context.hasNonNull("valid_jwt")) { // workload identity federation
            oauth.assertionGrant(AssertionGrant.workload(context.get("valid_jwt").asString()));
        }
        if (context != null && context.hasNonNull("idp_token_endpoint")) { // enterprise-managed authorization
            oauth.assertionGrant(AssertionGrant.enterprise(URI.create(context.get("idp_token_endpoint").asString()),
                    context.path("idp_id_token").asString(), context.path("idp_client_id").asString(),
                    context.path("idp_client_secret").asString(null)));
        }
        return oauth.build();
    }

    /** Lists the tools and sends the rich schema back through the echo tool, verbatim. */
    private static void echoSchema(McpClient client) {
        List<Tool> tools = client.listAllTools();
        Tool focal = tools.stream().filter(t -> t.name().equals("json_schema_2020_12_tool")).findFirst().orElseThrow();
        ObjectNode arguments = JsonCodec.object();
        arguments.set("schema", focal.inputSchema());
        client.callTool("json_schema_echo", arguments);
    }

    /** For scenarios that judge how requests look: uses every tool, resource and prompt the server offers. */
    private static void exercise(McpClient client) {
        for (Tool tool : client.listAllTools()) {
            attempt(() -> client.callTool(tool.name(), sampleArguments(tool)));
        }
        attempt(() -> client.listAllResources().stream().findFirst().ifPresent(r -> client.readResource(r.uri())));
        attempt(() -> client.listAllPrompts().stream().findFirst().ifPresent(p -> {
            Map<String, String> arguments = new java.util.HashMap<>();
            if (p.arguments() != null) {
                p.arguments().forEach(a -> arguments.put(a.name(), "test"));
            }
            client.getPrompt(p.name(), arguments);
        }));
    }

    private static void attempt(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("step failed (the scenario judges what was sent): " + e.getMessage());
        }
    }

    /** Arguments that satisfy a tool's required properties: strings, numbers and booleans of the declared types. */
    private static ObjectNode sampleArguments(Tool tool) {
        ObjectNode arguments = JsonCodec.object();
        JsonNode properties = tool.inputSchema().path("properties");
        for (JsonNode required : tool.inputSchema().path("required")) {
            String name = required.asString();
            switch (properties.path(name).path("type").asString("string")) {
                case "integer", "number" -> arguments.put(name, 1);
                case "boolean" -> arguments.put(name, true);
                default -> arguments.put(name, "test");
            }
        }
        return arguments;
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
