package dev.cairn.mcp.auth;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.transport.ProtectedResource;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cairn's OAuth client end to end: Cairn's own protected MCP server, a test authorization server (approves at
 * once, checks PKCE), and the browser replaced by an HTTP client that follows the redirects to the loopback
 * callback. The conformance suite's authorization scenarios cover the rest (ConformanceClientTest).
 */
@Timeout(60)
class OAuthClientTest {

    @Test
    void aRefusedClientAuthorizesWithPkceAndTheResourceThenRefreshes() throws Exception {
        try (TestAuthorizationServer as = new TestAuthorizationServer(); StreamableHttpServer mcp = protect(as)) {
            as.expiresIn = 0; // every token is already expired, so each later request refreshes first
            OAuthClient oauth = OAuthClient.builder(browser()).clientName("cairn-test").build();
            try (McpClient client = McpClient.builder().connect(StreamableHttpClientTransport.to(mcp.uri()).authorization(oauth))) {
                assertTrue(client.listAllTools().size() > 3);
                client.ping();
            }
            assertEquals("authorization_code", as.grants.getFirst());
            assertTrue(as.grants.contains("refresh_token"), "expired tokens are refreshed: " + as.grants);
            assertEquals(Set.of(mcp.uri().toString()), Set.copyOf(as.resources), "RFC 8707 resource = the server's metadata");
            assertEquals(Set.of("mcp:tools"), oauth.scopes(), "scopes from the challenge");
        }
    }

    @Test
    void aStateMismatchIsRefused() throws Exception {
        try (TestAuthorizationServer as = new TestAuthorizationServer(); StreamableHttpServer mcp = protect(as)) {
            as.forcedState = "forged";
            OAuthClient oauth = OAuthClient.builder(AuthorizationHandler.followRedirect(URI.create("http://127.0.0.1:1/callback"))).build();
            McpException e = assertThrows(McpException.class,
                    () -> McpClient.builder().connect(StreamableHttpClientTransport.to(mcp.uri()).authorization(oauth)));
            assertTrue(e.getMessage().contains("state does not match"), e.getMessage());
            assertTrue(as.grants.isEmpty(), "no code was exchanged");
        }
    }

    @Test
    void aServerWithoutS256IsRefused() throws Exception {
        try (TestAuthorizationServer as = new TestAuthorizationServer(); StreamableHttpServer mcp = protect(as)) {
            as.advertiseS256 = false;
            OAuthClient oauth = OAuthClient.builder(AuthorizationHandler.followRedirect(URI.create("http://127.0.0.1:1/callback"))).build();
            McpException e = assertThrows(McpException.class,
                    () -> McpClient.builder().connect(StreamableHttpClientTransport.to(mcp.uri()).authorization(oauth)));
            assertTrue(e.getMessage().contains("PKCE S256"), e.getMessage());
        }
    }

    @Test
    void challengesAreParsed() {
        BearerChallenge challenge = BearerChallenge.parse("Bearer error=\"insufficient_scope\", scope=\"a b\", "
                + "resource_metadata=\"https://x.example/.well-known/oauth-protected-resource/mcp\", error_description=\"say \\\"more\\\"\"");
        assertTrue(challenge.insufficientScope());
        assertEquals(Set.of("a", "b"), challenge.scopes());
        assertEquals(URI.create("https://x.example/.well-known/oauth-protected-resource/mcp"), challenge.resourceMetadata());
        BearerChallenge other = BearerChallenge.parse("Basic realm=\"x\", Bearer scope=read");
        assertEquals(Set.of("read"), other.scopes());
        assertEquals(null, BearerChallenge.parse("Basic realm=\"x\"").error());
        assertEquals(Set.of(), BearerChallenge.parse("Bearer").scopes());
        assertEquals(null, BearerChallenge.parse(null).resourceMetadata());
    }

    /** The user's browser: follows the authorization server's redirect to the loopback callback. */
    private static LoopbackBrowserAuthorization browser() {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();
        return new LoopbackBrowserAuthorization(0, url -> Thread.ofVirtual().start(() -> {
            try {
                browser.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), Duration.ofSeconds(20));
    }

    private static StreamableHttpServer protect(TestAuthorizationServer as) throws Exception {
        ProtectedResource resource = new ProtectedResource(null, List.of(as.uri()), List.of("mcp:tools"), Set.of("mcp:tools"),
                token -> as.validTokens.contains(token) ? Set.of("mcp:tools") : null);
        return StreamableHttpServer.builder(DemoServer.create()).protectedResource(resource).start();
    }
}
