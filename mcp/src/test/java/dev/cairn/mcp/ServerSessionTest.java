package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's protocol behaviour, driven with raw JSON-RPC messages. */
@Timeout(30)
class ServerSessionTest {
    private final ServerSession session = DemoServer.builder().pageSize(2).build().newSession();
    private final BlockingQueue<JsonRpcMessage> out = new LinkedBlockingQueue<>();
    private int nextId = 100;

    private JsonRpcMessage send(String json) throws InterruptedException {
        session.receive(JsonCodec.parse(json), out::add);
        JsonRpcMessage answer = out.poll(10, TimeUnit.SECONDS);
        assertNotNull(answer, "no answer to " + json);
        return answer;
    }

    private JsonNode call(String method, String params) throws InterruptedException {
        JsonRpcMessage answer = send(request(method, params));
        return assertInstanceOf(JsonRpcMessage.Response.class, answer, () -> answer.toString()).result();
    }

    private int errorCode(String method, String params) throws InterruptedException {
        JsonRpcMessage answer = send(request(method, params));
        return assertInstanceOf(JsonRpcMessage.ErrorResponse.class, answer, () -> answer.toString()).error().code();
    }

    private String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (nextId++) + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    private JsonNode initialize(String version) throws InterruptedException {
        JsonNode result = call("initialize", "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}");
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), out::add);
        return result;
    }

    @Test
    void handshakeNegotiatesTheVersionAndDeclaresCapabilities() throws Exception {
        assertFalse(session.isInitialized());
        assertEquals(-32600, errorCode("tools/list", null), "requests before initialize are refused");
        assertTrue(call("ping", null).isEmpty(), "ping is allowed before initialize");

        JsonNode result = initialize("2025-11-25");
        assertEquals("2025-11-25", result.get("protocolVersion").stringValue());
        assertEquals("demo", result.at("/serverInfo/name").stringValue());
        assertEquals("1.2.3", result.at("/serverInfo/version").stringValue());
        assertEquals("A server for tests.", result.get("instructions").stringValue());
        for (String capability : List.of("tools", "resources", "prompts", "logging", "completions")) {
            assertTrue(result.at("/capabilities/" + capability).isObject(), capability);
        }
        assertTrue(session.isInitialized());
        assertEquals(-32600, errorCode("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}"), "a second initialize is refused");
    }

    @Test
    void anOlderSupportedVersionIsKeptAndAnUnknownOneGetsTheLatest() throws Exception {
        assertEquals("2025-06-18", initialize("2025-06-18").get("protocolVersion").stringValue());
        ServerSession other = DemoServer.create().newSession();
        List<JsonRpcMessage> answers = new ArrayList<>();
        other.receive(JsonCodec.parse(request("initialize", "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}")), answers::add);
        var response = assertInstanceOf(JsonRpcMessage.Response.class, answers.getFirst());
        assertEquals(ProtocolVersions.LATEST, response.result().get("protocolVersion").stringValue());
    }

    @Test
    void protocolErrors() throws Exception {
        assertEquals(-32602, errorCode("initialize", "{\"capabilities\":{}}"), "initialize without its fields");
        initialize("2025-11-25");
        assertEquals(-32601, errorCode("no/such/method", null));
        assertEquals(-32602, errorCode("tools/call", "{\"arguments\":{}}"), "tools/call without a name");
        assertEquals(-32602, errorCode("tools/call", "{\"name\":\"nope\"}"), "unknown tool");
        assertEquals(-32602, errorCode("tools/call", "{\"name\":\"echo\",\"arguments\":[1]}"), "arguments not an object");
        assertEquals(-32602, errorCode("tools/list", "{\"cursor\":\"bogus\"}"), "unknown cursor");
        assertEquals(-32602, errorCode("prompts/get", "{\"name\":\"greet\"}"), "missing required prompt argument");
        assertEquals(-32602, errorCode("prompts/get", "{\"name\":\"nope\"}"), "unknown prompt");
        assertEquals(-32602, errorCode("logging/setLevel", "{\"level\":\"verbose\"}"));
        assertEquals(-32002, errorCode("resources/read", "{\"uri\":\"demo://none\"}"));
        assertEquals(-32002, errorCode("resources/read", "{\"uri\":\"demo://notes/missing\"}"), "handler's own not-found");
    }

    @Test
    void toolsArePagedAndCalled() throws Exception {
        initialize("2025-11-25");
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = call("tools/list", cursor == null ? null : "{\"cursor\":\"" + cursor + "\"}");
            page.get("tools").forEach(t -> names.add(t.get("name").stringValue()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").stringValue() : null;
            pages++;
        } while (cursor != null);
        assertEquals(List.of("echo", "add", "fail", "slow", "log", "image"), names);
        assertEquals(3, pages);

        JsonNode echo = call("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        assertEquals("hi", echo.at("/content/0/text").stringValue());
        assertFalse(echo.has("isError"));

        JsonNode add = call("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}");
        assertEquals(5.0, add.at("/structuredContent/sum").doubleValue());

        JsonNode fail = call("tools/call", "{\"name\":\"fail\"}");
        assertTrue(fail.get("isError").booleanValue(), "a tool's exception is a result with isError");
        assertEquals("This tool intentionally fails", fail.at("/content/0/text").stringValue());
    }

    @Test
    void progressAndLogsGoToTheRequestStream() throws Exception {
        initialize("2025-11-25");
        session.receive(JsonCodec.parse(request("tools/call",
                "{\"name\":\"slow\",\"arguments\":{\"millis\":1},\"_meta\":{\"progressToken\":\"tok\"}}")), out::add);
        List<Double> progress = new ArrayList<>();
        JsonRpcMessage message;
        while ((message = out.poll(10, TimeUnit.SECONDS)) instanceof JsonRpcMessage.Notification n) {
            assertEquals("notifications/progress", n.method());
            assertEquals("tok", n.params().get("progressToken").stringValue());
            progress.add(n.params().get("progress").doubleValue());
        }
        assertEquals(List.of(0.0, 50.0, 100.0), progress);
        assertInstanceOf(JsonRpcMessage.Response.class, message);

        call("logging/setLevel", "{\"level\":\"error\"}");
        session.receive(JsonCodec.parse(request("tools/call", "{\"name\":\"log\"}")), out::add);
        var log = assertInstanceOf(JsonRpcMessage.Notification.class, out.poll(10, TimeUnit.SECONDS));
        assertEquals("notifications/message", log.method());
        assertEquals("error", log.params().get("level").stringValue());
        assertEquals("error message", log.params().at("/data/detail").stringValue());
        assertInstanceOf(JsonRpcMessage.Response.class, out.poll(10, TimeUnit.SECONDS), "debug and info were filtered");
    }

    @Test
    void aCancelledRequestStopsAndIsNotAnswered() throws Exception {
        initialize("2025-11-25");
        List<Object> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        MessageSink sink = new MessageSink() {
            @Override
            public void send(JsonRpcMessage message) {
                events.add(message);
            }

            @Override
            public void end() {
                ended.add("end");
            }
        };
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"long\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}"), sink);
        assertTrue(call("ping", null).isEmpty(), "ping is answered while a tool runs");
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"long\",\"reason\":\"test\"}}"), sink);
        assertEquals("end", ended.poll(10, TimeUnit.SECONDS), "the cancelled request finished");
        assertTrue(events.stream().noneMatch(m -> m instanceof JsonRpcMessage.Response || m instanceof JsonRpcMessage.ErrorResponse),
                "no response after cancellation: " + events);
    }

    @Test
    void resourcesAndPrompts() throws Exception {
        initialize("2025-11-25");
        JsonNode resources = call("resources/list", null);
        assertEquals("demo://readme", resources.at("/resources/0/uri").stringValue());
        assertEquals("demo://notes/{name}", call("resources/templates/list", null).at("/resourceTemplates/0/uriTemplate").stringValue());
        assertEquals("Read me.", call("resources/read", "{\"uri\":\"demo://readme\"}").at("/contents/0/text").stringValue());
        assertEquals("AQID", call("resources/read", "{\"uri\":\"demo://blob\"}").at("/contents/0/blob").stringValue());
        assertEquals("Note a b", call("resources/read", "{\"uri\":\"demo://notes/a%20b\"}").at("/contents/0/text").stringValue());
        JsonNode prompt = call("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}");
        assertEquals("user", prompt.at("/messages/0/role").stringValue());
        assertEquals("Hello, Ada!", prompt.at("/messages/0/content/text").stringValue());
        assertEquals("Ada", call("completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},"
                + "\"argument\":{\"name\":\"name\",\"value\":\"Ad\"}}").at("/completion/values/0").stringValue());
    }

    @Test
    void aSessionAlsoAnswersStatelessRequests() throws Exception {
        JsonNode result = call("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
        assertEquals("complete", result.get("resultType").stringValue(), "no initialize needed for 2026-07-28");
        assertFalse(session.isInitialized());
        session.receive(JsonCodec.parse(request("tools/call", "{\"name\":\"log\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}")), out::add);
        assertInstanceOf(JsonRpcMessage.Response.class, out.poll(10, TimeUnit.SECONDS), "no log without a requested logLevel");
        assertEquals(-32602, errorCode("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}"));
    }

    @Test
    void responsesAndUnknownNotificationsAreIgnored() throws Exception {
        initialize("2025-11-25");
        session.receive(new JsonRpcMessage.Response(RequestId.of(1), JsonCodec.object()), out::add);
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}"), out::add);
        assertNull(out.poll(200, TimeUnit.MILLISECONDS));
        session.close();
        assertEquals(-32600, errorCode("ping", null), "a closed session refuses requests");
    }
}
