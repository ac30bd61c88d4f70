package dev.cairn.mcp.transport;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Streamable HTTP transport's HTTP-level rules, with raw requests on loopback. */
@Timeout(60)
class StreamableHttpServerTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static StreamableHttpServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = StreamableHttpServer.builder(DemoServer.create()).maxRequestBytes(64 * 1024).retryMillis(50).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        http.close();
    }

    private static HttpRequest.Builder post(String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String session() throws Exception {
        HttpResponse<String> response = send(post(INIT));
        assertEquals(200, response.statusCode(), response.body());
        String id = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e));
        assertEquals(202, send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Mcp-Session-Id", id, "MCP-Protocol-Version", "2025-11-25")).statusCode());
        return id;
    }

    private static int errorCode(HttpResponse<String> response) {
        return assertInstanceOf(JsonRpcMessage.ErrorResponse.class, JsonCodec.parse(response.body())).error().code();
    }

    @Test
    void initializeAnswersWithJsonAndASessionId() throws Exception {
        HttpResponse<String> response = send(post(INIT));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode result = assertInstanceOf(JsonRpcMessage.Response.class, JsonCodec.parse(response.body())).result();
        assertEquals("2025-11-25", result.get("protocolVersion").stringValue());
        assertEquals(400, send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")).statusCode(),
                "a failed initialize creates no session");
    }

    @Test
    void badJsonRpcGetsTheRightErrors() throws Exception {
        String id = session();
        HttpResponse<String> malformed = send(post("{\"jsonrpc\":", "Mcp-Session-Id", id));
        assertEquals(400, malformed.statusCode());
        assertEquals(-32700, errorCode(malformed));

        HttpResponse<String> invalid = send(post("{\"jsonrpc\":\"2.0\",\"id\":3}", "Mcp-Session-Id", id));
        assertEquals(400, invalid.statusCode());
        assertEquals(-32600, errorCode(invalid));

        HttpResponse<String> unknown = send(post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"nope\"}", "Mcp-Session-Id", id));
        assertEquals(200, unknown.statusCode());
        assertEquals(-32601, errorCode(unknown));

        HttpResponse<String> badParams = send(post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{}}",
                "Mcp-Session-Id", id));
        assertEquals(200, badParams.statusCode());
        assertEquals(-32602, errorCode(badParams));
    }

    @Test
    void httpLevelRejections() throws Exception {
        String id = session();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}";
        assertEquals(200, send(post(ping, "Mcp-Session-Id", id)).statusCode());

        HttpResponse<String> tooBig = send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(70 * 1024) + "\"}}", "Mcp-Session-Id", id));
        assertEquals(413, tooBig.statusCode());

        assertEquals(404, send(post(ping, "Mcp-Session-Id", "no-such-session")).statusCode());
        assertEquals(400, send(post(ping)).statusCode(), "a session id is required after initialize");
        assertEquals(400, send(post(ping, "Mcp-Session-Id", id, "MCP-Protocol-Version", "1999-01-01")).statusCode());
        assertEquals(403, send(post(ping, "Mcp-Session-Id", id, "Origin", "https://evil.example.com")).statusCode());
        assertEquals(200, send(post(ping, "Mcp-Session-Id", id, "Origin", "http://localhost:" + server.port())).statusCode());
        assertEquals(406, send(post(ping, "Mcp-Session-Id", id, "Accept", "text/html")).statusCode());
        assertEquals(415, send(post(ping, "Mcp-Session-Id", id, "Content-Type", "text/plain")).statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(server.uri()).PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(server.uri().resolve("/other")).GET()).statusCode());
    }

    @Test
    void foreignHostHeaderIsForbidden() throws Exception {
        assertEquals(403, rawStatus("evil.example.com", "http://evil.example.com"), "DNS rebinding: foreign Host and Origin");
        assertEquals(403, rawStatus("evil.example.com:" + server.port(), null), "foreign Host alone");
        assertEquals(200, rawStatus("localhost:" + server.port(), "http://localhost:" + server.port()));
        assertEquals(200, rawStatus("127.0.0.1:" + server.port(), null));
    }

    /** POSTs initialize over a plain socket, since HttpClient will not send a Host header of our choosing. */
    private static int rawStatus(String host, String origin) throws IOException {
        byte[] body = INIT.getBytes(StandardCharsets.UTF_8);
        String request = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void progressTurnsTheAnswerIntoAnEventStream() throws Exception {
        String id = session();
        HttpResponse<String> response = send(post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"slow\",\"arguments\":{\"millis\":1},\"_meta\":{\"progressToken\":1}}}", "Mcp-Session-Id", id));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonRpcMessage> events = new ArrayList<>();
        for (SseReader.Event event : events(response.body())) {
            if (!event.data().isEmpty()) {
                events.add(JsonCodec.parse(event.data()));
            }
        }
        assertEquals(4, events.size(), events.toString());
        assertInstanceOf(JsonRpcMessage.Notification.class, events.getFirst());
        assertInstanceOf(JsonRpcMessage.Response.class, events.getLast());
    }

    @Test
    void aSuspendedStreamIsPrimedAndResumesWithLastEventId() throws Exception {
        String id = session();
        HttpResponse<String> first = send(post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"nap\",\"_meta\":{\"progressToken\":\"n\"}}}", "Mcp-Session-Id", id));
        assertEquals(200, first.statusCode());
        List<SseReader.Event> events = events(first.body());
        SseReader.Event priming = events.getFirst();
        assertTrue(priming.id() != null && priming.data().isEmpty() && priming.retry() == 50, "priming event: " + priming);
        assertTrue(events.stream().noneMatch(e -> e.data().contains("rested")), "closed before the answer");
        String last = events.stream().map(SseReader.Event::id).filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElseThrow();

        HttpResponse<String> resumed = send(HttpRequest.newBuilder(server.uri()).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", id).header("Last-Event-ID", last).GET());
        assertEquals(200, resumed.statusCode());
        List<SseReader.Event> rest = events(resumed.body());
        assertTrue(rest.getLast().data().contains("rested"), "the answer arrives on the resumed stream: " + rest);
        assertTrue(rest.stream().allMatch(e -> !e.id().equals(last)), "nothing already seen is replayed");

        HttpResponse<String> again = send(HttpRequest.newBuilder(server.uri()).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", id).header("Last-Event-ID", priming.id()).GET());
        List<SseReader.Event> replay = events(again.body());
        assertEquals(rest.getLast().data(), replay.getLast().data(), "resuming earlier replays from there");
    }

    private static List<SseReader.Event> events(String body) throws IOException {
        List<SseReader.Event> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            SseReader.Event event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void getOpensAnEventStreamAndDeleteEndsTheSession() throws Exception {
        String id = session();
        HttpRequest get = HttpRequest.newBuilder(server.uri()).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", id).GET().build();
        HttpResponse<InputStream> stream = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals(409, http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode(), "one GET stream per session");
        assertEquals(406, send(HttpRequest.newBuilder(server.uri()).header("Accept", "application/json")
                .header("Mcp-Session-Id", id).GET()).statusCode());

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(server.uri()).header("Mcp-Session-Id", id).DELETE());
        assertEquals(200, deleted.statusCode());
        try (InputStream body = stream.body()) {
            assertNotNull(body.readAllBytes(), "the GET stream ends with the session");
        }
        assertEquals(404, send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", id)).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(server.uri()).header("Mcp-Session-Id", id).DELETE()).statusCode());
    }

    @Test
    void idleSessionsExpireAndSessionsAreCapped() throws Exception {
        try (StreamableHttpServer small = StreamableHttpServer.builder(DemoServer.create())
                .sessionIdleTimeout(Duration.ofMillis(300)).maxSessions(2).start()) {
            HttpRequest.Builder init = post(INIT).uri(small.uri());
            String first = send(init).headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertEquals(200, send(init).statusCode());
            HttpResponse<String> third = send(init);
            assertEquals(503, third.statusCode(), "a third session is refused");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status = 200;
            while (status != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", first)
                        .uri(small.uri())).statusCode();
                Thread.sleep(400);
            }
            assertEquals(404, status, "an idle session expires");
            assertEquals(200, send(init).statusCode(), "room for new sessions again");
        }
    }

    private static String stateless(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"st\",\"method\":\"" + method + "\",\"params\":{" + (params.isEmpty() ? "" : params + ",")
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    @Test
    void statelessRequestsOf2026NeedNoSession() throws Exception {
        HttpResponse<String> tools = send(post(stateless("tools/list", ""), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/list"));
        assertEquals(200, tools.statusCode(), tools.body());
        assertTrue(tools.headers().firstValue("Mcp-Session-Id").isEmpty());
        JsonNode result = assertInstanceOf(JsonRpcMessage.Response.class, JsonCodec.parse(tools.body())).result();
        assertEquals("complete", result.get("resultType").stringValue());
        assertEquals(0, result.get("ttlMs").intValue());
        assertEquals("private", result.get("cacheScope").stringValue());
        assertEquals("demo", result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").stringValue());
        assertTrue(result.get("tools").size() > 0);

        HttpResponse<String> call = send(post(stateless("tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}"),
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", " echo "));
        assertEquals(200, call.statusCode(), call.body());
        assertTrue(call.body().contains("\"hi\""), call.body());

        JsonNode discover = assertInstanceOf(JsonRpcMessage.Response.class, JsonCodec.parse(send(post(
                stateless("server/discover", ""), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover")).body())).result();
        assertEquals("2026-07-28", discover.at("/supportedVersions/0").stringValue());
        assertTrue(discover.at("/capabilities/tools").isObject());
    }

    @Test
    void statelessErrorsMapToHttpStatuses() throws Exception {
        HttpResponse<String> noHeader = send(post(stateless("tools/list", ""), "Mcp-Method", "tools/list", "MCP-Protocol-Version", " "));
        assertEquals(400, noHeader.statusCode());
        assertEquals(-32020, errorCode(noHeader));
        HttpResponse<String> wrongMethod = send(post(stateless("tools/list", ""), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "prompts/list"));
        assertEquals(400, wrongMethod.statusCode());
        assertEquals(-32020, errorCode(wrongMethod));
        HttpResponse<String> wrongName = send(post(stateless("tools/call", "\"name\":\"echo\""), "MCP-Protocol-Version",
                "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "add"));
        assertEquals(-32020, errorCode(wrongName));
        HttpResponse<String> removed = send(post(stateless("ping", ""), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping"));
        assertEquals(404, removed.statusCode());
        assertEquals(-32601, errorCode(removed));
        HttpResponse<String> noMeta = send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"));
        assertEquals(400, noMeta.statusCode());
        assertEquals(-32602, errorCode(noMeta));
        HttpResponse<String> future = send(post(stateless("tools/list", "").replace("2026-07-28", "2099-01-01"),
                "MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "tools/list"));
        assertEquals(400, future.statusCode());
        JsonRpcMessage.ErrorResponse unsupported = assertInstanceOf(JsonRpcMessage.ErrorResponse.class, JsonCodec.parse(future.body()));
        assertEquals(-32022, unsupported.error().code());
        assertEquals("2099-01-01", unsupported.error().data().get("requested").stringValue());
        assertEquals(405, send(HttpRequest.newBuilder(server.uri()).header("Accept", "text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").GET()).statusCode(), "no GET stream in the stateless revision");
        HttpResponse<String> missing = send(post(stateless("resources/read", "\"uri\":\"demo://none\""), "MCP-Protocol-Version",
                "2026-07-28", "Mcp-Method", "resources/read", "Mcp-Name", "demo://none"));
        assertEquals(-32602, errorCode(missing), "resource not found is -32602 in 2026-07-28");
    }

    @Test
    void serverBindsToLoopbackByDefault() {
        URI uri = server.uri();
        assertEquals("127.0.0.1", uri.getHost());
        assertEquals("/mcp", uri.getPath());
    }
}
