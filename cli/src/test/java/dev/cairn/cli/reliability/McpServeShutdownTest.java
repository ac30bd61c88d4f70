package dev.cairn.cli.reliability;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SIGTERM ({@link Process#destroy()}) to a real {@code cairn mcp serve} child JVM while a request is in flight,
 * over Streamable HTTP and over stdio. The in-flight request is the conformance fixture's
 * {@code test_streaming_elicitation}, which waits for the client's answer to an elicitation that never comes, so
 * it is certainly running when the signal arrives. The server must exit promptly (its shutdown hook ends the
 * sessions and stops the listener), end the in-flight exchange rather than leave the client hanging, and leave
 * nothing half-written: every line it wrote on stdio is a whole JSON-RPC message. A request that completed before
 * the signal got its full answer. Over HTTP it also shows the default bind address is 127.0.0.1.
 */
class McpServeShutdownTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"shutdown-test\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String SIMPLE = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"test_simple_text\",\"arguments\":{}}}";
    private static final String WAITING = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"test_streaming_elicitation\",\"arguments\":{}}}";

    private static Process start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.cairn.cli.Cairn", "mcp", "serve"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static HttpRequest post(URI uri, String body, String session) {
        var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        return b.build();
    }

    @Test
    void sigtermOverHttpEndsTheInFlightRequestAndExits() throws Exception {
        Process server = start("--fixtures", "conformance", "--http", "0");
        try (HttpClient http = HttpClient.newHttpClient()) {
            var err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
            URI uri = null;
            for (String line; uri == null && (line = err.readLine()) != null; ) {
                Matcher m = Pattern.compile("Cairn MCP server at (http://\\S+)").matcher(line);
                if (m.find()) uri = URI.create(m.group(1));
            }
            assertNotNull(uri, "the server did not say where it listens");
            assertEquals("127.0.0.1", uri.getHost(), "binds to loopback unless --host says otherwise");

            HttpResponse<String> init = http.send(post(uri, INIT, null), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, init.statusCode(), init.body());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertEquals(202, http.send(post(uri, INITIALIZED, session), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> simple = http.send(post(uri, SIMPLE, session), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, simple.statusCode());
            assertTrue(simple.body().contains("\"result\""), simple.body());

            // the waiting call streams an elicitation request, then waits for an answer that never comes
            HttpResponse<java.util.stream.Stream<String>> waiting = http.send(post(uri, WAITING, session),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, waiting.statusCode());
            var lines = waiting.body().iterator();
            String event = "";
            while (lines.hasNext() && !(event = lines.next()).contains("elicitation/create")) { }
            assertTrue(event.contains("elicitation/create"), "the tool is in flight, waiting on the client: " + event);
            CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> {
                var tail = new ArrayList<String>();
                try {
                    lines.forEachRemaining(tail::add);
                } catch (RuntimeException closed) {
                    tail.add("closed: " + closed);
                }
                return tail;
            });

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server did not exit after SIGTERM");
            assertEquals(143, server.exitValue(), "exit status of a JVM ended by SIGTERM");
            rest.get(20, TimeUnit.SECONDS); // the in-flight exchange ended: answered, or its stream closed; never hangs
            URI closed = uri;
            var refused = assertThrows(Exception.class, () -> http.send(post(closed, INIT, null), HttpResponse.BodyHandlers.ofString()));
            assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException
                    || refused instanceof IOException, refused.toString());
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void sigtermOverStdioLeavesOnlyWholeMessagesOnStdout() throws Exception {
        Process server = start("--fixtures", "conformance", "--stdio");
        try {
            OutputStream in = server.getOutputStream();
            for (String message : List.of(INIT, INITIALIZED, SIMPLE, WAITING)) in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            var seen = new ArrayList<String>();
            String line;
            boolean answered = false, waiting = false; // requests run concurrently: either may come first
            while (!(answered && waiting) && (line = out.readLine()) != null) {
                seen.add(line);
                answered |= line.contains("\"id\":2") && line.contains("\"result\"");
                waiting |= line.contains("elicitation/create");
            }
            assertTrue(answered, "the simple call was answered: " + seen);
            assertTrue(waiting, "the waiting call is in flight: " + seen);

            var tail = new ArrayList<String>();
            Thread drain = Thread.ofVirtual().start(() -> { // whatever the server writes while it shuts down
                try {
                    for (String l; (l = out.readLine()) != null; ) tail.add(l);
                } catch (IOException closed) {
                    // the pipe closed when the process ended
                }
            });
            server.destroy(); // SIGTERM while the tool waits; stdin is still open
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server did not exit after SIGTERM");
            assertTrue(drain.join(Duration.ofSeconds(10)), "stdout did not end with the process");
            seen.addAll(tail);
            for (String l : seen) {
                JsonRpcMessage m = JsonCodec.parse(l); // throws on a half-written line
                assertNotNull(m);
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
