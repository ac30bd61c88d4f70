package dev.cairn.mcp.transport;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.schema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stateless revision has no session to come back to: when the client of a sessionless request closes its
 * connection before the answer, the tool's work is cancelled (its thread interrupted). A raw socket plays the
 * client so the disconnect is exactly a closed TCP connection.
 */
@Timeout(60)
class StatelessDisconnectTest {

    @Test
    void aClientThatDisconnectsMidRequestCancelsTheToolsWork() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        McpServer mcp = McpServer.builder().name("disconnect").version("1")
                .tool("wait", "Waits a minute unless cancelled", JsonCodec.object().put("type", "object"), (args, ctx) -> {
                    started.complete(null);
                    try {
                        Thread.sleep(60_000);
                        interrupted.complete(false);
                    } catch (InterruptedException e) {
                        interrupted.complete(true);
                        throw e;
                    }
                    return CallToolResult.text("waited");
                }).build();
        try (StreamableHttpServer server = StreamableHttpServer.builder(mcp).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"wait\",\"arguments\":{},"
                    + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}").getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
                    + "Mcp-Method: tools/call\r\nMcp-Name: wait\r\nContent-Length: " + body.length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            started.get(20, TimeUnit.SECONDS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine(); // the answer turns into a keep-alive SSE stream while the tool runs
            assertTrue(status != null && status.contains(" 200"), "status: " + status);
            socket.close();
            assertEquals(true, interrupted.get(30, TimeUnit.SECONDS), "the tool's thread was interrupted");
        }
    }
}
