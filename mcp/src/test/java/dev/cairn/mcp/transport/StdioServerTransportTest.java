package dev.cairn.mcp.transport;

import dev.cairn.mcp.DemoServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw lines against the demo server in a child JVM: bad input gets JSON-RPC errors and stdout stays clean. */
@Timeout(60)
class StdioServerTransportTest {

    @Test
    void badInputOverStdioGetsProtocolErrors() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, DemoServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        });
        try (OutputStream stdin = child.getOutputStream()) {
            Writer w = new Writer(stdin, lines);
            assertEquals(-32700, w.error("{\"jsonrpc\":\"2.0\",\"id\":1,"));
            assertEquals(-32700, w.error("nonsense"));
            assertEquals(-32600, w.error("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
            assertEquals(-32600, w.error("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), "not initialized");
            JsonNode init = w.result("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
            assertEquals("2025-11-25", init.get("protocolVersion").stringValue());
            w.line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            w.line("");
            assertEquals(-32601, w.error("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"bogus\"}"));
            assertEquals(-32602, w.error("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":42}}"));
            JsonNode logged = w.result("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"log\"}}");
            assertEquals("logged", logged.at("/content/0/text").stringValue(), "the tool's System.out went to stderr");
            assertEquals("x", w.result("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}\r").at("/content/0/text").stringValue());
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the server exits when stdin closes");
        assertEquals(0, child.exitValue());
        assertNull(lines.poll(), "nothing but answers on stdout");
    }

    /** Writes a line, reads answers, skipping log notifications. */
    private record Writer(OutputStream stdin, BlockingQueue<String> lines) {
        void line(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        JsonRpcMessage answer(String line) throws Exception {
            line(line);
            while (true) {
                String out = lines.poll(20, TimeUnit.SECONDS);
                assertNotNull(out, "no answer to " + line);
                JsonRpcMessage message = JsonCodec.parse(out);
                if (!(message instanceof JsonRpcMessage.Notification)) {
                    return message;
                }
            }
        }

        int error(String line) throws Exception {
            return assertInstanceOf(JsonRpcMessage.ErrorResponse.class, answer(line)).error().code();
        }

        JsonNode result(String line) throws Exception {
            return assertInstanceOf(JsonRpcMessage.Response.class, answer(line)).result();
        }
    }

    @Test
    void lineReaderBoundsLinesAndStripsCarriageReturns() throws IOException {
        var in = new java.io.ByteArrayInputStream("ab\r\n\n".concat("x".repeat(100)).concat("\nlast").getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(in, 10);
        assertEquals("ab", new String(reader.next(), StandardCharsets.UTF_8));
        assertEquals(0, reader.next().length);
        assertTrue(reader.next() == LineReader.OVERSIZED);
        assertEquals("last", new String(reader.next(), StandardCharsets.UTF_8));
        assertNull(reader.next());
    }
}
