package dev.cairn.mcp.transport;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import dev.cairn.mcp.schema.CallToolResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ParamHeadersTest {
    private static final McpServer SERVER;

    static {
        ObjectNode schema = JsonCodec.object().put("type", "object");
        schema.putObject("properties").putObject("region").put("type", "string").put("x-mcp-header", "Region");
        SERVER = McpServer.builder().tool("t", "d", schema, (args, ctx) -> CallToolResult.text("ok")).build();
    }

    private static String mismatch(String region, Map<String, String> headers) {
        String arguments = region == null ? "{}" : "{\"region\":\"" + region + "\"}";
        var request = (JsonRpcMessage.Request) JsonCodec.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":" + arguments + "}}");
        return ParamHeaders.mismatch(SERVER, request, headers::get);
    }

    @Test
    void headersMustMirrorMarkedArguments() {
        assertNull(mismatch("Hello", Map.of("Mcp-Param-Region", "Hello")));
        assertNull(mismatch("Hello", Map.of("Mcp-Param-Region", " =?base64?SGVsbG8=?= ")));
        assertNull(mismatch("SGVsbG8=", Map.of("Mcp-Param-Region", "SGVsbG8=")), "no wrapper: literal");
        assertNotNull(mismatch("Hello", Map.of()), "missing header");
        assertNotNull(mismatch("Hello", Map.of("Mcp-Param-Region", "Bye")));
        assertNotNull(mismatch("Hello", Map.of("Mcp-Param-Region", "=?base64?SGVsbG8?=")), "bad padding");
        assertNotNull(mismatch("Hello", Map.of("Mcp-Param-Region", "=?base64?SGVs!!!bG8=?=")), "bad characters");
        assertNull(mismatch(null, Map.of()));
        assertEquals("=?base64?SGVsbG8=", ParamHeaders.decode("=?base64?SGVsbG8="));
    }
}
