package dev.cairn.mcp.transport;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MCP authorization on the server side: bearer tokens, 401/403 challenges, protected resource metadata. */
@Timeout(60)
class ProtectedResourceTest {
    private static final Map<String, Set<String>> TOKENS = Map.of("good", Set.of("mcp:tools", "extra"), "weak", Set.of("other"));

    @Test
    void tokensAreRequiredAndTheMetadataTellsWhereToGetThem() throws Exception {
        try (StreamableHttpServer server = startProtected();
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            URI endpoint = server.uri();
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
            HttpRequest.Builder post = HttpRequest.newBuilder(endpoint).header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(init));

            HttpResponse<String> anonymous = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElseThrow();
            String metadataUri = "http://127.0.0.1:" + server.port() + "/.well-known/oauth-protected-resource/mcp";
            assertEquals("Bearer resource_metadata=\"" + metadataUri + "\", scope=\"mcp:tools\"", challenge);

            HttpResponse<String> forged = http.send(post.copy().header("Authorization", "Bearer forged").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, forged.statusCode());
            assertTrue(forged.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));

            HttpResponse<String> weak = http.send(post.copy().header("Authorization", "Bearer weak").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, weak.statusCode());
            assertTrue(weak.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));

            for (String path : List.of(metadataUri, "http://127.0.0.1:" + server.port() + "/.well-known/oauth-protected-resource")) {
                HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metadata.statusCode(), path);
                JsonNode document = JsonCodec.mapper().readTree(metadata.body());
                assertEquals(endpoint.toString(), document.get("resource").asString());
                assertEquals("https://auth.example.com", document.at("/authorization_servers/0").asString());
                assertEquals("header", document.at("/bearer_methods_supported/0").asString());
            }
        }
    }

    @Test
    void aClientWithAGoodTokenWorks() throws Exception {
        try (StreamableHttpServer server = startProtected()) {
            try (McpClient client = McpClient.builder().connect(
                    StreamableHttpClientTransport.to(server.uri()).header("Authorization", "Bearer good"))) {
                assertTrue(client.listAllTools().size() > 3);
            }
            McpException refused = assertThrows(McpException.class,
                    () -> McpClient.builder().connect(StreamableHttpClientTransport.to(server.uri())));
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        }
    }

    @Test
    void aSessionIsBoundToThePrincipalOfTheTokenThatOpenedIt() throws Exception {
        Map<String, String> principals = Map.of("alice-1", "alice", "alice-2", "alice", "bob-1", "bob");
        ProtectedResource.TokenValidator validator = new ProtectedResource.TokenValidator() {
            @Override
            public Set<String> grantedScopes(String token) {
                return principals.containsKey(token) ? Set.of("mcp:tools") : null;
            }

            @Override
            public String principal(String token) {
                return principals.get(token);
            }
        };
        ProtectedResource resource = new ProtectedResource(null, List.of(URI.create("https://auth.example.com")),
                List.of("mcp:tools"), Set.of("mcp:tools"), validator);
        try (StreamableHttpServer server = StreamableHttpServer.builder(DemoServer.create()).protectedResource(resource).start();
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
            HttpRequest.Builder post = HttpRequest.newBuilder(server.uri()).header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json");
            HttpResponse<String> opened = http.send(post.copy().header("Authorization", "Bearer alice-1")
                    .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, opened.statusCode(), opened.body());
            String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
            HttpRequest.Builder inSession = post.copy().header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                    .POST(HttpRequest.BodyPublishers.ofString(ping));

            HttpResponse<String> stolen = http.send(inSession.copy().header("Authorization", "Bearer bob-1").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, stolen.statusCode(), "another principal's token must not reach the session");
            HttpResponse<String> refreshed = http.send(inSession.copy().header("Authorization", "Bearer alice-2").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, refreshed.statusCode(), "a new token of the same principal keeps the session: " + refreshed.body());
        }
    }

    private static StreamableHttpServer startProtected() throws Exception {
        ProtectedResource protectedResource = new ProtectedResource(null, List.of(URI.create("https://auth.example.com")),
                List.of("mcp:tools"), Set.of("mcp:tools"), TOKENS::get);
        return StreamableHttpServer.builder(DemoServer.create()).protectedResource(protectedResource).start();
    }
}
