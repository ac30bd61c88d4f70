package dev.cairn.mcp.security;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.McpClient;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.transport.ProtectedResource;
import dev.cairn.mcp.transport.StreamableHttpClientTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bearer tokens never reach the logs. A child JVM ({@link #main}) runs a token-protected Streamable HTTP server
 * and clients against it with SLF4J at TRACE for everything: a client with a good token that lists and calls
 * tools, one with a forged token and one with a token of too little scope (both refused). Its whole stdout and
 * stderr, every log line included, must not contain either token, and must show that logging was on.
 */
class SecretsNotLoggedTest {
    static final String GOOD = "tok-GOOD-7f3a9c1e5b";
    static final String FORGED = "tok-FORGED-2d8e4a6f0c";
    static final String WEAK = "tok-WEAK-9b1c3e5a7d";

    public static void main(String[] args) throws Exception {
        var tokens = Map.of(GOOD, Set.of("mcp:tools"), WEAK, Set.of("other"));
        var resource = new ProtectedResource(null, List.of(URI.create("https://auth.example.com")), List.of("mcp:tools"),
                Set.of("mcp:tools"), tokens::get);
        try (StreamableHttpServer server = StreamableHttpServer.builder(DemoServer.builder().build()).port(0).protectedResource(resource).start()) {
            try (McpClient client = McpClient.builder().connect(
                    StreamableHttpClientTransport.to(server.uri()).header("Authorization", "Bearer " + GOOD))) {
                System.err.println("tools: " + client.listAllTools().size());
                client.callTool("echo", JsonCodec.object().put("text", "hello"));
                try {
                    System.err.println("failing tool isError: " + client.callTool("fail", JsonCodec.object()).isError());
                } catch (McpException expected) {
                    System.err.println("failing tool: " + expected.getMessage());
                }
            }
            for (String bad : List.of(FORGED, WEAK)) {
                try {
                    McpClient.builder().connect(StreamableHttpClientTransport.to(server.uri()).header("Authorization", "Bearer " + bad)).close();
                    System.err.println("UNEXPECTED: a bad token was accepted");
                } catch (McpException refused) {
                    System.err.println("refused: " + refused.getMessage());
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void tokensAreNeverLoggedEvenAtTrace() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-cp", System.getProperty("java.class.path"), SecretsNotLoggedTest.class.getName())
                .redirectErrorStream(true).start();
        var out = new ByteArrayOutputStream();
        child.getInputStream().transferTo(out);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String log = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("tools: "), log);
        assertEquals(2, log.lines().filter(l -> l.startsWith("refused: ")).count(), log);
        assertFalse(log.contains("UNEXPECTED"), log);
        assertTrue(log.lines().anyMatch(l -> l.contains("DEBUG") || l.contains("TRACE") || l.contains("INFO")),
                "logging was on at trace: " + log);
        for (String secret : List.of(GOOD, FORGED, WEAK)) {
            assertFalse(log.contains(secret), "token " + secret + " appears in the output:\n" + log);
            assertFalse(log.contains(secret.substring(4, 14)), "part of token " + secret + " appears in the output");
        }
    }
}
