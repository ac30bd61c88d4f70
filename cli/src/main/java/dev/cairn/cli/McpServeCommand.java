package dev.cairn.cli;

import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.conformance.ConformanceServer;
import dev.cairn.mcp.transport.StdioServerTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cairn mcp serve}: an index as an MCP server (tools search and ask, its documents as resources, prompt
 * answer_with_sources) on stdio or Streamable HTTP, or the conformance-suite fixture server. On stdio, stdout
 * carries only protocol messages; logs go to stderr. Ctrl-C or SIGTERM closes the server.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve an index built by 'cairn ingest' over MCP (or the conformance fixture with --fixtures conformance).",
                "Over HTTP the endpoint is http://HOST:PORT/mcp; on stdio, stdout carries only MCP messages."})
final class McpServeCommand implements java.util.concurrent.Callable<Integer> {
    static final class What {
        @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder to serve.")
        Path index;

        @Option(names = "--fixtures", required = true, paramLabel = "NAME", description = "Serve a test fixture: conformance.")
        String fixtures;
    }

    static final class Transport {
        @Option(names = "--stdio", required = true, description = "Speak MCP on stdin/stdout (for clients that launch the server).")
        boolean stdio;

        @Option(names = "--http", required = true, paramLabel = "PORT", description = "Serve Streamable HTTP on PORT (0: any free port).")
        Integer port;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Transport transport;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on with --http. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", description = "Embedding model (default: the one the index was built with).")
    String model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (what.fixtures != null) {
            if (!what.fixtures.equals("conformance"))
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown fixtures '" + what.fixtures + "' (use conformance)");
            return serve(ConformanceServer.create(), () -> {});
        }
        IndexSession session = IndexSession.forReading(what.index, model);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) session.close();
        };
        try {
            return serve(KnowledgeBaseServer.builder(session.index).build(), release);
        } finally {
            release.run();
        }
    }

    private int serve(McpServer server, Runnable release) throws IOException {
        if (!transport.stdio && (transport.port < 0 || transport.port > 65535))
            throw new CommandLine.ParameterException(spec.commandLine(), "--http PORT must be between 0 and 65535");
        StreamableHttpServer http = transport.stdio ? null
                : StreamableHttpServer.builder(server).host(host).port(transport.port).start();
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                if (http != null) http.close();
                release.run();
            }
            stopped.countDown();
        };
        Thread hook = new Thread(close, "cairn-mcp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (http == null) {
                StdioServerTransport.serve(server); // until stdin ends
                return 0;
            }
            spec.commandLine().getErr().println("Cairn MCP server at " + http.uri() + " (Ctrl-C stops it)");
            spec.commandLine().getErr().flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped in process (tests)
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            close.run();
        }
        return 0;
    }
}
