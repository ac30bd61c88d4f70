package dev.cairn.cli;

import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.agents.local.LocalAnswerGenerator;
import dev.cairn.llm.Model;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.conformance.ConformanceServer;
import dev.cairn.mcp.transport.StdioServerTransport;
import dev.cairn.mcp.transport.StreamableHttpServer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @CommandLine.Mixin
    EmbeddingModelOption embedding;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "A .gguf chat model that writes the 'ask' tool's answers (default: extractive answers).")
    Path modelPath;

    /** The chat model's first spelling, before --model meant the chat model everywhere; hidden. */
    @Option(names = "--model-path", paramLabel = "FILE", hidden = true, description = "Deprecated spelling of --model.")
    void deprecatedModelPath(Path file) {
        modelPath = file;
    }

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "512",
            description = "Most tokens a generated answer has. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!transport.stdio && (transport.port < 0 || transport.port > 65535))
            throw new CommandLine.ParameterException(spec.commandLine(), "--http PORT must be between 0 and 65535");
        if (what.fixtures != null) {
            if (modelPath != null)
                throw new CommandLine.ParameterException(spec.commandLine(), "--model answers questions about an --index; the fixtures take none");
            if (!what.fixtures.equals("conformance"))
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown fixtures '" + what.fixtures + "' (use conformance)");
            return serve(ConformanceServer.create(), () -> {});
        }
        if (modelPath != null) ChatModels.requireModelFile(modelPath);
        if (maxTokens < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-tokens must be at least 1");
        PrintStream stdout = System.out;
        if (transport.stdio) {
            // stdout is the protocol's: anything printed while the index and models load goes to stderr
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        }
        try {
            return serveIndex();
        } finally {
            System.setOut(stdout);
        }
    }

    private int serveIndex() throws IOException {
        IndexSession session = IndexSession.forReading(what.index, embedding.name);
        Model loaded = null;
        try {
            loaded = modelPath == null ? null : Model.load(modelPath);
        } finally {
            if (modelPath != null && loaded == null) session.close();
        }
        Model local = loaded;
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                try {
                    if (local != null) local.close();
                } finally {
                    session.close();
                }
            }
        };
        try {
            var builder = KnowledgeBaseServer.builder(session.index);
            if (local != null) {
                var answers = new LocalAnswerGenerator(local, maxTokens);
                builder.generator(prompt -> {
                    synchronized (answers) { // one generation at a time on the one model
                        return answers.generate(prompt);
                    }
                });
            }
            return serve(builder.build(), release);
        } finally {
            release.run();
        }
    }

    private int serve(McpServer server, Runnable release) throws IOException {
        StreamableHttpServer http = transport.stdio ? null
                : StreamableHttpServer.builder(server).host(host).port(transport.port).start();
        try (ShutdownHook stop = new ShutdownHook("cairn-mcp-shutdown", () -> {
            try {
                if (http != null) http.close();
            } finally {
                release.run();
            }
        })) {
            if (http == null) {
                StdioServerTransport.serve(server); // until stdin ends
                return 0;
            }
            spec.commandLine().getErr().println("Cairn MCP server at " + http.uri() + " (Ctrl-C stops it)");
            spec.commandLine().getErr().flush();
            stop.awaitStop();
        }
        return 0;
    }
}
