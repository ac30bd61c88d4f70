package dev.cairn.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.agents.knowledge.KnowledgeBaseServer;
import dev.cairn.embeddings.EmbeddingService;
import dev.cairn.llm.Cancellation;
import dev.cairn.mcp.transport.StreamableHttpServer;
import dev.cairn.rag.RagIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code cairn serve}: one HTTP port (the JDK's server, a virtual thread per exchange) with
 * <ul>
 *   <li>{@code /v1/...}: the OpenAI-compatible API ({@link OpenAiApi});</li>
 *   <li>{@code /mcp}: the index's knowledge-base MCP server over Streamable HTTP (mcp's handler, mounted);</li>
 *   <li>{@code /api/...} and {@code /}: the web chat UI and its API ({@link AskApi}, {@link StaticFiles}).</li>
 * </ul>
 * Generations pass a {@link GenerationGate}: a bounded number run, a bounded number wait, the rest get 503.
 * {@link #close()} drains: new generations get 503, running ones get {@code grace} to finish and are then
 * cancelled. The server does not own the index, the embedding model or the backend.
 */
public final class CairnServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CairnServer.class);

    private final HttpServer http;
    private final ExecutorService executor;
    private final GenerationGate gate;
    private final StreamableHttpServer mcp;
    private final Duration grace;
    private final boolean loopback;
    private volatile boolean closed;

    private CairnServer(Builder b) throws IOException {
        ModelBackend backend = b.backend != null ? b.backend : new ExtractiveBackend(b.index);
        this.gate = new GenerationGate(b.concurrency, b.queue);
        this.grace = b.grace;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpServer.create(new InetSocketAddress(b.address, b.port), 0);
        var openAi = new OpenAiApi(backend, b.embeddings, gate, b.maxBodyBytes);
        var ask = new AskApi(b.index, backend, gate, b.maxAnswerTokens, b.maxBodyBytes);
        var ui = new StaticFiles();
        this.loopback = b.address.isLoopbackAddress();
        http.createContext("/v1/", exchange -> serve(exchange, openAi::handle));
        http.createContext("/api/", exchange -> serve(exchange, ask::handle));
        http.createContext("/", exchange -> serve(exchange, ui::handle));
        var kb = KnowledgeBaseServer.builder(b.index).name("cairn-serve");
        if (!(backend instanceof ExtractiveBackend)) kb.generator(prompt -> generate(backend, prompt, b.maxAnswerTokens));
        this.mcp = StreamableHttpServer.builder(kb.build()).mountOn(http).maxRequestBytes(b.maxBodyBytes).start();
        http.setExecutor(executor);
        http.start();
    }

    public static Builder builder(RagIndex index, EmbeddingService embeddings) {
        return new Builder(index, embeddings);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Generations admitted and not finished (running or waiting). */
    public int inFlight() {
        return gate.inFlight();
    }

    /** The MCP ask tool's answers, through the same gate as HTTP generations. */
    private String generate(ModelBackend backend, String prompt, int maxTokens) {
        Cancellation cancellation = new Cancellation();
        try (GenerationGate.Ticket ticket = gate.enter(cancellation)) {
            ticket.awaitSlot();
            return backend.chat(GenerationJob.ofUserMessage(prompt, maxTokens, cancellation), piece -> {}).text();
        }
    }

    private interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(HttpExchange exchange, Route route) {
        try (exchange) {
            try {
                if (loopback) checkHost(exchange.getRequestHeaders().getFirst("Host"));
                route.handle(exchange);
            } catch (ServerException e) {
                if (exchange.getResponseCode() == -1) Exchanges.sendError(exchange, e);
                else log.debug("{} {} failed after the response started: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                if (exchange.getResponseCode() == -1) Exchanges.sendError(exchange, new ServerException(500, "server_error", null, null,
                        "internal error: " + e.getMessage()));
            }
        } catch (IOException e) {
            log.debug("{} {}: the client went away: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
        }
    }

    /**
     * On a loopback bind, only loopback host names are accepted in {@code Host}: a web page from elsewhere that
     * points its own name at 127.0.0.1 (DNS rebinding) gets 403 instead of the index and the model.
     */
    static void checkHost(String host) {
        if (host == null) return; // HTTP/1.0 clients on the machine itself
        String name = host.startsWith("[") ? host.substring(1, Math.max(1, host.indexOf(']')))
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        name = name.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}")) return;
        throw new ServerException(403, "invalid_request_error", null, "forbidden_host",
                "the Host header '" + host + "' is not a loopback name; this server listens on loopback only (use --host to serve a network name)");
    }

    /**
     * Stops taking generations, lets running ones finish for up to the grace period, cancels the rest, then stops
     * the HTTP server.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        gate.close();
        long deadline = System.nanoTime() + grace.toNanos();
        while (gate.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (gate.inFlight() > 0) log.info("cancelling {} generations still running at shutdown", gate.inFlight());
        gate.cancelAll();
        mcp.close();
        http.stop(1);
        executor.shutdownNow();
    }

    public static final class Builder {
        private final RagIndex index;
        private final EmbeddingService embeddings;
        private ModelBackend backend;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 8080;
        private long maxBodyBytes = 4L * 1024 * 1024;
        private int concurrency = 8;
        private int queue = 64;
        private int maxAnswerTokens = 512;
        private Duration grace = Duration.ofSeconds(10);

        private Builder(RagIndex index, EmbeddingService embeddings) {
            this.index = Objects.requireNonNull(index, "index");
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        }

        /** Who writes completions; default: extractive answers from the index. */
        public Builder backend(ModelBackend backend) {
            this.backend = backend;
            return this;
        }

        /** The address to bind (default 127.0.0.1; anything else exposes the server to the network). */
        public Builder host(String host) {
            try {
                this.address = InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw ServerException.startup("unknown host '" + host + "'");
            }
            return this;
        }

        /** 0 picks a free port (see {@link CairnServer#port()}); default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            this.port = port;
            return this;
        }

        /** The largest request body; larger ones get 413 (default 4 MiB). */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("the body limit must be at least 1024 bytes, got " + bytes);
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Generations running at once (default 8) and waiting beyond those (default 64); more get 503. */
        public Builder generations(int concurrency, int queue) {
            if (concurrency < 1 || queue < 0) throw new IllegalArgumentException("need at least one running generation and a queue >= 0");
            this.concurrency = concurrency;
            this.queue = queue;
            return this;
        }

        /** The most tokens of a web UI or MCP answer (default 512). */
        public Builder maxAnswerTokens(int tokens) {
            if (tokens < 1) throw new IllegalArgumentException("max answer tokens must be at least 1");
            this.maxAnswerTokens = tokens;
            return this;
        }

        /** How long shutdown waits for running generations before cancelling them (default 10 s). */
        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace);
            return this;
        }

        public CairnServer start() {
            try {
                return new CairnServer(this);
            } catch (IOException e) {
                throw ServerException.startup("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage());
            }
        }
    }
}
