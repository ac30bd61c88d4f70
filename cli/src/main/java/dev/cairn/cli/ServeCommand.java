package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.server.LocalBackend;
import dev.cairn.server.ModelBackend;
import dev.cairn.server.RemoteBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code cairn serve}: an index behind an OpenAI-compatible API, its MCP server and a web chat UI, on one port.
 * Answers come from a local GGUF model, a remote OpenAI-compatible server, or extractively from the index.
 * SIGTERM or Ctrl-C drains: running generations get {@code --grace} seconds, then are cancelled.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve an index: OpenAI-compatible API at /v1, MCP at /mcp, a web chat UI at /.",
                "Without --model or --openai-url, answers are sentences quoted from the index."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index folder (built by 'cairn ingest').")
    Path index;

    @CommandLine.Mixin
    ChatModels models;

    @CommandLine.Mixin
    EmbeddingModelOption embedding;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on; anything but loopback exposes the server. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "512",
            description = "Most tokens of a web UI or MCP answer. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "Generations running at once (with --model: sequences per batch). Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = "--no-batching",
            description = "With --model: one generation per request instead of continuous batching (concurrent requests sharing decode steps).")
    boolean noBatching;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "64",
            description = "Generations waiting beyond --parallel; more get HTTP 503. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request body (bigger: HTTP 413). Default: ${DEFAULT-VALUE}.")
    long maxBodyBytes;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "On shutdown, how long running generations may finish before they are cancelled. Default: ${DEFAULT-VALUE}.")
    int grace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        check();
        IndexSession session = IndexSession.forReading(index, embedding.name);
        ModelBackend backend = null;
        CairnServer server = null;
        try {
            backend = backend();
            server = CairnServer.builder(session.index, session.model).backend(backend).host(host).port(port)
                    .maxBodyBytes(maxBodyBytes).generations(parallel, queue).maxAnswerTokens(maxTokens)
                    .grace(Duration.ofSeconds(grace)).start();
        } catch (RuntimeException e) {
            if (backend != null) backend.close();
            session.close();
            throw e;
        }
        ModelBackend model = backend;
        CairnServer started = server;
        try (ShutdownHook stop = new ShutdownHook("cairn-serve-shutdown", () -> {
            try {
                started.close(); // drains, then cancels what still runs
            } finally {
                if (model != null) model.close();
                session.close();
            }
        })) {
            var err = spec.commandLine().getErr();
            err.println("Cairn at " + started.uri() + " (chat UI), " + started.uri().resolve("v1") + " (OpenAI API), "
                    + started.uri().resolve("mcp") + " (MCP). Ctrl-C stops it.");
            err.flush();
            stop.awaitStop();
        }
        return 0;
    }

    private void check() {
        CommandLine cl = spec.commandLine();
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(cl, "--port must be between 0 and 65535, got " + port);
        models.check(cl, false);
        if (maxTokens < 1) throw new CommandLine.ParameterException(cl, "--max-tokens must be at least 1");
        if (parallel < 1) throw new CommandLine.ParameterException(cl, "--parallel must be at least 1");
        if (queue < 0) throw new CommandLine.ParameterException(cl, "--queue must be 0 or more");
        if (maxBodyBytes < 1024) throw new CommandLine.ParameterException(cl, "--max-body-bytes must be at least 1024");
        if (grace < 0) throw new CommandLine.ParameterException(cl, "--grace must be 0 or more seconds");
        if (models.model != null) ChatModels.requireModelFile(models.model);
    }

    private ModelBackend backend() {
        if (models.model != null) return LocalBackend.load(models.model, noBatching ? 0 : parallel);
        if (models.openAiUrl != null) return new RemoteBackend(models.openAiUri(spec.commandLine()), models.openAiModel, models.apiKey());
        return null; // the server answers extractively
    }
}
