package dev.cairn.mcp.transport;

import dev.cairn.mcp.ClientTransport;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launches an MCP server as a child process and talks to it over its stdin and stdout. The server's stderr
 * is logged (debug) and its last lines are kept to explain an early exit.
 */
public final class StdioClientTransport implements ClientTransport {
    private static final Logger log = LoggerFactory.getLogger(StdioClientTransport.class);
    private static final int STDERR_TAIL = 20;

    private final ProcessBuilder builder;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private Process process;
    private OutputStream stdin;
    private volatile boolean closing;

    private StdioClientTransport(ProcessBuilder builder) {
        this.builder = builder;
    }

    /** A transport that will run {@code command} (program and arguments) when the client connects. */
    public static StdioClientTransport command(List<String> command) {
        return new StdioClientTransport(new ProcessBuilder(List.copyOf(command)));
    }

    public static StdioClientTransport command(String... command) {
        return command(List.of(command));
    }

    /** Adds environment variables for the child. */
    public StdioClientTransport environment(Map<String, String> environment) {
        builder.environment().putAll(environment);
        return this;
    }

    public StdioClientTransport directory(Path directory) {
        builder.directory(directory.toFile());
        return this;
    }

    @Override
    public void start(Listener listener) throws IOException {
        process = builder.start();
        stdin = process.getOutputStream();
        Thread.ofVirtual().name("mcp-stdio-err").start(this::drainStderr);
        Thread.ofVirtual().name("mcp-stdio-in").start(() -> readStdout(listener));
    }

    private void readStdout(Listener listener) {
        LineReader lines = new LineReader(process.getInputStream(), StdioServerTransport.MAX_LINE_BYTES);
        try {
            byte[] line;
            while ((line = lines.next()) != null) {
                if (line == LineReader.OVERSIZED || line.length == 0) {
                    continue;
                }
                try {
                    listener.message(JsonCodec.parse(line));
                } catch (JsonRpcException e) {
                    log.warn("server wrote something that is not an MCP message on stdout: {}", e.getMessage());
                }
            }
        } catch (IOException e) {
            log.debug("server stdout closed", e);
        }
        listener.closed(exitDescription());
    }

    private String exitDescription() {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                return "server closed its stdout";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "server closed its stdout";
        }
        if (closing) {
            return "server stopped";
        }
        synchronized (stderrTail) {
            String tail = stderrTail.isEmpty() ? "" : "; its stderr ended with:\n" + String.join("\n", stderrTail);
            return "server exited with code " + process.exitValue() + tail;
        }
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.debug("[server stderr] {}", line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("server stderr closed", e);
        }
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        byte[] bytes = JsonCodec.writeBytes(message);
        synchronized (this) {
            if (stdin == null) {
                throw new IOException("transport not started");
            }
            stdin.write(bytes);
            stdin.write('\n');
            stdin.flush();
        }
    }

    /** Closes the server's stdin, waits up to 2 s for it to exit, then terminates it. */
    @Override
    public void close() {
        closing = true;
        if (process == null) {
            return;
        }
        try {
            synchronized (this) {
                stdin.close();
            }
        } catch (IOException e) {
            log.debug("closing server stdin", e);
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
