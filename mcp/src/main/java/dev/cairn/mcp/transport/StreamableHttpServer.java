package dev.cairn.mcp.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.mcp.McpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an {@link McpServer} over MCP's Streamable HTTP transport on the JDK's built-in HTTP server, one
 * virtual thread per exchange. POST carries client messages (a request is answered with JSON, or with an SSE
 * stream once the handler sends notifications first), GET opens the session's stream of server-initiated
 * messages, DELETE ends a session. Binds to 127.0.0.1 unless told otherwise and rejects foreign
 * {@code Host}/{@code Origin} headers with 403. The protocol rules are {@link StreamableHttpHandler}'s; this
 * class binds (or mounts on) the server and routes the endpoint's path to it.
 */
public final class StreamableHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpServer.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final HttpServer http;
    private final ExecutorService executor;
    private final String path;
    private final ProtectedResource protectedResource;
    private final StreamableHttpHandler handler;
    private final boolean mounted;

    /**
     * The JDK server writes a response's headers and body as separate small segments; with Nagle's algorithm on,
     * the body then waits for the client's delayed ACK (tens of ms on a keep-alive connection). The JDK reads this
     * property once, when its first server is made, so it is set here unless the application chose a value.
     */
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private StreamableHttpServer(Builder b) throws IOException {
        this.path = b.path;
        this.mounted = b.host != null;
        this.http = mounted ? b.host : HttpServer.create(new InetSocketAddress(b.address, b.port), 0);
        this.executor = mounted ? null : Executors.newVirtualThreadPerTaskExecutor();
        this.protectedResource = b.protectedResource == null ? null : b.protectedResource.orResource(uri());
        this.handler = StreamableHttpHandler.builder(b.server)
                .bindAddress(mounted ? http.getAddress().getAddress() : b.address)
                .allowedHosts(b.allowedHosts).allowedOrigins(b.allowedOrigins)
                .maxRequestBytes(b.maxRequestBytes).retryMillis(b.retryMillis)
                .maxSessions(b.maxSessions).sessionIdleTimeout(b.sessionIdleTimeout)
                .protectedResource(protectedResource)
                .build();
        http.createContext(path, this::handle);
        if (protectedResource != null) {
            http.createContext("/.well-known/oauth-protected-resource", protectedResource::serveMetadata);
        }
        if (!mounted) {
            http.setExecutor(executor);
            http.start();
        }
    }

    public static Builder builder(McpServer server) {
        return new Builder(server);
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:8123/mcp}. */
    public URI uri() {
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + path);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    int sessionCount() {
        return handler.sessionCount();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals(path)) {
                handler.handle(new JdkHttpCall(exchange));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            log.debug("HTTP exchange failed: {}", e.getMessage());
        }
    }

    /**
     * Ends every session and stops the server, waiting at most a second for exchanges to finish; a server
     * {@link Builder#mountOn mounted} on another one only removes its contexts and leaves that one running.
     */
    @Override
    public void close() {
        handler.close();
        if (mounted) {
            http.removeContext(path);
            if (protectedResource != null) {
                http.removeContext("/.well-known/oauth-protected-resource");
            }
            return;
        }
        http.stop(1);
        executor.shutdownNow();
    }

    public static final class Builder {
        private final McpServer server;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private String path = "/mcp";
        private long maxRequestBytes = 4L * 1024 * 1024;
        private long retryMillis = 1000;
        private int maxSessions = 10_000;
        private java.time.Duration sessionIdleTimeout = java.time.Duration.ofHours(1);
        private ProtectedResource protectedResource;
        private Set<String> allowedHosts = Set.of();
        private Set<String> allowedOrigins = Set.of();
        private HttpServer host;

        private Builder(McpServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** The address to bind (default 127.0.0.1; binding elsewhere exposes the server to the network). */
        public Builder host(String host) throws UnknownHostException {
            this.address = InetAddress.getByName(host);
            return this;
        }

        /** The port; 0 (the default) picks a free one, see {@link StreamableHttpServer#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + path);
            }
            this.path = path;
            return this;
        }

        /** The largest POST body accepted; larger ones get 413 (default 4 MiB). */
        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** Requires OAuth bearer tokens and serves the protected resource metadata (MCP authorization). */
        public Builder protectedResource(ProtectedResource resource) {
            this.protectedResource = resource;
            return this;
        }

        /** The most sessions at once; an initialize beyond it gets 503 (default 10,000). */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        /** A session with no exchange and no open stream for this long is ended; its id then gets 404 (default 1 h). */
        public Builder sessionIdleTimeout(java.time.Duration timeout) {
            this.sessionIdleTimeout = timeout;
            return this;
        }

        /** How long clients are told to wait before reconnecting to a closed SSE stream (default 1 s). */
        public Builder retryMillis(long retryMillis) {
            this.retryMillis = retryMillis;
            return this;
        }

        /** Extra host names accepted in the Host header (the loopback names always are on a loopback bind). */
        public Builder allowedHosts(Set<String> hosts) {
            this.allowedHosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
            return this;
        }

        /** Browser origins accepted besides local ones, exactly as sent, e.g. {@code https://app.example.com}. */
        public Builder allowedOrigins(Set<String> origins) {
            this.allowedOrigins = Set.copyOf(origins);
            return this;
        }

        /**
         * Serves on {@code server} (already bound, started or not, its executor set by its owner) at the path,
         * beside the owner's other contexts, instead of binding a server of its own; host and port are then the
         * owner's. The owner stops {@code server}; {@link StreamableHttpServer#close()} removes the contexts.
         */
        public Builder mountOn(HttpServer server) {
            this.host = Objects.requireNonNull(server, "server");
            return this;
        }

        public StreamableHttpServer start() throws IOException {
            return new StreamableHttpServer(this);
        }
    }
}
