package dev.cairn.mcp.jsonrpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class JsonCodecTest {

    @Test
    void readsEachKindOfMessage() {
        var request = assertInstanceOf(JsonRpcMessage.Request.class,
                JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}"));
        assertEquals(RequestId.of(7), request.id());
        assertEquals("x", request.params().get("cursor").stringValue());

        var stringId = assertInstanceOf(JsonRpcMessage.Request.class,
                JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\"}"));
        assertEquals(RequestId.of("abc"), stringId.id());
        assertNull(stringId.params());

        var notification = assertInstanceOf(JsonRpcMessage.Notification.class,
                JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals("notifications/initialized", notification.method());

        var response = assertInstanceOf(JsonRpcMessage.Response.class,
                JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{}}"));
        assertEquals(RequestId.of("r1"), response.id());

        var error = assertInstanceOf(JsonRpcMessage.ErrorResponse.class,
                JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"bad\",\"data\":[1]}}"));
        assertNull(error.id());
        assertEquals(-32700, error.error().code());
        assertTrue(error.error().data().isArray());
    }

    @Test
    void writesWhatItReads() {
        ObjectNode params = JsonCodec.object().put("name", "echo");
        params.putObject("arguments").put("text", "line one\nline two");
        List<JsonRpcMessage> messages = List.of(
                new JsonRpcMessage.Request(RequestId.of(1), "tools/call", params),
                new JsonRpcMessage.Request(RequestId.of("id-2"), "ping", null),
                new JsonRpcMessage.Notification("notifications/progress", JsonCodec.object().put("progress", 1)),
                new JsonRpcMessage.Response(RequestId.of(Long.MAX_VALUE), JsonCodec.object()),
                new JsonRpcMessage.ErrorResponse(RequestId.of(3), new JsonRpcError(-32601, "Method not found: x")),
                new JsonRpcMessage.ErrorResponse(null, new JsonRpcError(-32700, "Parse error")));
        for (JsonRpcMessage message : messages) {
            String json = JsonCodec.write(message);
            assertFalse(json.contains("\n"), "a written message is one line: " + json);
            assertTrue(json.contains("\"jsonrpc\":\"2.0\""));
            assertEquals(message, JsonCodec.parse(json));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{                                                              | -32700",
            "not json                                                       | -32700",
            "''                                                             | -32700",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"} trailing       | -32700",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"a\"}       | -32700",
            "[]                                                             | -32600",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]           | -32600",
            "42                                                             | -32600",
            "{\"id\":1,\"method\":\"ping\"}                                 | -32600",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}             | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}                    | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}                 | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}          | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}           | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}            | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":3} | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]} | -32602",
            "{\"jsonrpc\":\"2.0\",\"id\":1}                                 | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}} | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":5}                    | -32600",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}                            | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\",\"message\":\"m\"}} | -32600",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}} | -32600"})
    void rejectsBadInputWithTheRightCode(String input, int code) {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> JsonCodec.parse(input));
        assertEquals(code, e.error().code(), e.getMessage());
    }

    @Test
    void keepsTheIdOfAnInvalidRequestSoTheErrorCanBeCorrelated() {
        JsonRpcException e = assertThrows(JsonRpcException.class,
                () -> JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":\"k\",\"method\":7}"));
        assertEquals(RequestId.of("k"), e.id());
        assertEquals(RequestId.of("k"), e.toResponse().id());
    }

    @Test
    void fuzzedInputOnlyEverFailsAsAProtocolError() {
        Random random = new Random(20251125);
        List<String> seeds = List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":{\"progressToken\":\"p\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3,\"reason\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"\\u00e9\"}],\"isError\":false}}",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32602,\"message\":\"bad\",\"data\":{\"k\":[1,2.5e10,null,true]}}}");
        String alphabet = "{}[]\":,.-+eE0123456789 \\u\t\nabcdefjnrstlxyz\u00e9\u0000";
        Set<Integer> allowed = Set.of(JsonRpcError.PARSE_ERROR, JsonRpcError.INVALID_REQUEST, JsonRpcError.INVALID_PARAMS);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> mutate(seeds.get(random.nextInt(seeds.size())), alphabet, random);
                case 2 -> randomText(alphabet, random);
                default -> nested(random);
            };
            try {
                JsonRpcMessage message = JsonCodec.parse(input);
                JsonCodec.parse(JsonCodec.writeBytes(message));
                parsed++;
            } catch (JsonRpcException e) {
                assertTrue(allowed.contains(e.error().code()), "unexpected code " + e.error().code());
            } catch (Throwable t) {
                fail("input " + new String(input, StandardCharsets.UTF_8) + " threw " + t, t);
            }
        }
        assertTrue(parsed > 0, "some mutations stay valid messages");
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] randomText(String alphabet, Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(120);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(String seed, String alphabet, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nested(Random random) {
        int depth = random.nextInt(5000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"x\":" + open.repeat(depth) + "1"
                + close.repeat(random.nextInt(depth + 1)) + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
