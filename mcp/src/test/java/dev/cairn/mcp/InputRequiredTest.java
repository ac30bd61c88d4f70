package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-round input of 2026-07-28: input_required results, signed requestState, straight-line handlers. */
@Timeout(30)
class InputRequiredTest {
    private final McpServer server = McpServer.builder()
            .tool("greet", "Asks two questions, then greets", DemoServer.schema(), (args, ctx) -> {
                JsonNode name = ctx.input("name", "elicitation/create", JsonCodec.object().put("message", "Name?"));
                JsonNode mood = ctx.input("mood", "elicitation/create", JsonCodec.object().put("message", "Mood?"));
                return CallToolResult.text("Hi " + name.at("/content/v").asString() + ", you seem " + mood.at("/content/v").asString());
            }).build();
    private final ServerSession session = server.newSession();

    private JsonRpcMessage call(String capabilities, String extra) throws InterruptedException {
        BlockingQueue<JsonRpcMessage> out = new LinkedBlockingQueue<>();
        session.receive(JsonCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"greet\""
                + extra + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}}}"), out::add);
        return out.poll(10, TimeUnit.SECONDS);
    }

    private static String answer(String key, String value) {
        return "\"" + key + "\":{\"action\":\"accept\",\"content\":{\"v\":\"" + value + "\"}}";
    }

    @Test
    void roundsCarryEarlierAnswersInTheSignedState() throws Exception {
        String elicitation = "{\"elicitation\":{}}";
        JsonNode first = assertInstanceOf(JsonRpcMessage.Response.class, call(elicitation, "")).result();
        assertEquals("input_required", first.get("resultType").stringValue());
        assertEquals("elicitation/create", first.at("/inputRequests/name/method").stringValue());
        String state = first.get("requestState").stringValue();

        JsonNode second = assertInstanceOf(JsonRpcMessage.Response.class, call(elicitation,
                ",\"inputResponses\":{" + answer("name", "Ada") + "},\"requestState\":\"" + state + "\"")).result();
        assertEquals("input_required", second.get("resultType").stringValue());
        assertTrue(second.at("/inputRequests/mood").isObject());
        assertTrue(second.at("/inputRequests/name").isMissingNode(), "answered inputs are not asked again");

        JsonNode done = assertInstanceOf(JsonRpcMessage.Response.class, call(elicitation,
                ",\"inputResponses\":{" + answer("mood", "curious") + "},\"requestState\":\""
                        + second.get("requestState").stringValue() + "\"")).result();
        assertEquals("complete", done.get("resultType").stringValue());
        assertEquals("Hi Ada, you seem curious", done.at("/content/0/text").stringValue(), "the name came back in the state");
    }

    @Test
    void forgedStateAndMissingCapabilityAreErrors() throws Exception {
        String elicitation = "{\"elicitation\":{}}";
        String state = assertInstanceOf(JsonRpcMessage.Response.class, call(elicitation, "")).result().get("requestState").stringValue();
        String tampered = state.substring(0, state.indexOf('.')) + "x" + state.substring(state.indexOf('.'));
        var error = assertInstanceOf(JsonRpcMessage.ErrorResponse.class, call(elicitation,
                ",\"inputResponses\":{" + answer("mood", "sad") + "},\"requestState\":\"" + tampered + "\""));
        assertEquals(-32602, error.error().code());
        var missing = assertInstanceOf(JsonRpcMessage.ErrorResponse.class, call("{}", ""));
        assertEquals(-32021, missing.error().code());
        assertTrue(missing.error().data().at("/requiredCapabilities/elicitation").isObject());
    }
}
