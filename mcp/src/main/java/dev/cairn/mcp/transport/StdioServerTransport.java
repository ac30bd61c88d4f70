package dev.cairn.mcp.transport;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.MessageSink;
import dev.cairn.mcp.ServerSession;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves one MCP session over stdio: one JSON-RPC message per line on stdin, answers one per line on
 * stdout. Nothing else may reach stdout, so {@link #serve(McpServer)} points {@code System.out} at stderr
 * for the rest of the process; logs belong on stderr.
 */
public final class StdioServerTransport {
    private static final Logger log = LoggerFactory.getLogger(StdioServerTransport.class);
    /** The longest line accepted; a longer one is answered with a parse error. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private StdioServerTransport() {
    }

    /** Serves on the process's stdin and stdout until stdin ends. */
    public static void serve(McpServer server) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        serve(server, new FileInputStream(FileDescriptor.in), stdout);
    }

    /** Serves on the given streams until {@code in} ends; then the session is closed. */
    public static void serve(McpServer server, InputStream in, OutputStream out) throws IOException {
        ServerSession session = server.newSession();
        MessageSink sink = message -> write(out, message);
        session.setNotificationSink(sink);
        LineReader lines = new LineReader(in, MAX_LINE_BYTES);
        try {
            byte[] line;
            while ((line = lines.next()) != null) {
                if (line == LineReader.OVERSIZED) {
                    sink.send(new JsonRpcMessage.ErrorResponse(null, new JsonRpcError(JsonRpcError.PARSE_ERROR,
                            "Parse error: message longer than " + MAX_LINE_BYTES + " bytes")));
                    continue;
                }
                if (isBlank(line)) {
                    continue;
                }
                JsonRpcMessage message;
                try {
                    message = JsonCodec.parse(line);
                } catch (JsonRpcException e) {
                    log.debug("bad input on stdin: {}", e.getMessage());
                    sink.send(e.toResponse());
                    continue;
                }
                session.receive(message, sink);
            }
        } finally {
            session.close();
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void write(OutputStream out, JsonRpcMessage message) {
        byte[] bytes = JsonCodec.writeBytes(message);
        synchronized (out) {
            try {
                out.write(bytes);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write to stdout", e);
            }
        }
    }
}
