package dev.cairn.mcp.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.ProtocolVersions;
import dev.cairn.mcp.ServerSession;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
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
 * {@code Host}/{@code Origin} headers with 403.
 */
public final class StreamableHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpServer.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final McpServer mcp;
    private final HttpServer http;
    private final ExecutorService executor;
    private final String path;
    private final long maxRequestBytes;
    private final long retryMillis;
    private final StatelessHttp stateless;
    private final ProtectedResource protectedResource;
    private final EventPump pumps;
    private final HostPolicy policy;
    private final HttpSessions sessions;

    private StreamableHttpServer(Builder b) throws IOException {
        this.mcp = b.server;
        this.path = b.path;
        this.maxRequestBytes = b.maxRequestBytes;
        this.retryMillis = b.retryMillis;
        this.pumps = new EventPump(b.retryMillis, KEEP_ALIVE_MILLIS);
        this.sessions = new HttpSessions(b.maxSessions, b.sessionIdleTimeout.toNanos());
        this.stateless = new StatelessHttp(b.server);
        this.policy = HostPolicy.forAddress(b.address, b.allowedHosts, b.allowedOrigins);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpServer.create(new InetSocketAddress(b.address, b.port), 0);
        this.protectedResource = b.protectedResource == null ? null : b.protectedResource.orResource(uri());
        http.createContext(path, this::handle);
        if (protectedResource != null) {
            http.createContext("/.well-known/oauth-protected-resource", protectedResource::serveMetadata);
        }
        http.setExecutor(executor);
        http.start();
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
        return sessions.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Responses out = new Responses(exchange);
            try {
                dispatch(exchange, out);
            } finally {
                if (out.session() != null) {
                    out.session().exit();
                }
            }
        } catch (IOException e) {
            log.debug("HTTP exchange failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("HTTP exchange failed", e);
        }
    }

    private void dispatch(HttpExchange exchange, Responses out) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            out.status(404, null);
            return;
        }
        var headers = exchange.getRequestHeaders();
        if (!policy.hostAllowed(headers.getFirst("Host"))) {
            out.error(403, JsonRpcError.INVALID_REQUEST, "Forbidden: Host header not allowed");
            return;
        }
        if (!policy.originAllowed(headers.getFirst("Origin"))) {
            out.error(403, JsonRpcError.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return;
        }
        if (protectedResource != null && !protectedResource.admit(exchange, out)) {
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!"POST".equals(method) && headers.getFirst(SESSION_HEADER) == null
                && StatelessHttp.applies(null, headers.getFirst(VERSION_HEADER))) {
            exchange.getResponseHeaders().set("Allow", "POST");
            out.error(405, JsonRpcError.INVALID_REQUEST, "Method not allowed: the stateless revision uses POST only");
            return;
        }
        switch (method) {
            case "POST" -> post(exchange, out);
            case "GET" -> get(exchange, out);
            case "DELETE" -> delete(exchange, out);
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
                out.error(405, JsonRpcError.INVALID_REQUEST, "Method not allowed");
            }
        }
    }

    private void post(HttpExchange exchange, Responses out) throws IOException {
        var headers = exchange.getRequestHeaders();
        String accept = headers.getFirst("Accept");
        if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
            out.error(406, JsonRpcError.INVALID_REQUEST, "Not Acceptable: Accept must list application/json and text/event-stream");
            return;
        }
        String contentType = headers.getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            out.error(415, JsonRpcError.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            drain(exchange);
            out.error(413, JsonRpcError.INVALID_REQUEST, "Payload Too Large: the limit is " + maxRequestBytes + " bytes");
            return;
        }
        JsonRpcMessage message;
        try {
            message = JsonCodec.parse(body);
        } catch (JsonRpcException e) {
            out.json(400, e.toResponse());
            return;
        }
        if (headers.getFirst(SESSION_HEADER) == null && StatelessHttp.applies(message, headers.getFirst(VERSION_HEADER))) {
            stateless.post(message, exchange, out);
            return;
        }
        if (message instanceof JsonRpcMessage.Request request && "initialize".equals(request.method())) {
            initialize(request, out);
            return;
        }
        HttpSession session = session(exchange, out);
        if (session == null) {
            return;
        }
        if (message instanceof JsonRpcMessage.Request request) {
            EventStream stream = session.newStream();
            int generation = stream.attach();
            session.session().receive(request, new PostStream(stream));
            try {
                EventStream.Next first = stream.next(0, generation, KEEP_ALIVE_MILLIS);
                if (first.kind() == EventStream.Kind.EVENT && PostStream.isAnswer(first.message())) {
                    session.forget(stream);
                    out.json(200, first.message());
                } else if (first.kind() == EventStream.Kind.FINISHED) {
                    session.forget(stream);
                    out.status(202, null);
                } else {
                    boolean resumable = EventPump.resumable(session);
                    out.startEvents();
                    if (resumable) {
                        out.priming(stream.eventId(0), retryMillis);
                    }
                    pumps.pump(out, stream, first, 0, generation, resumable, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stream.detach(generation);
            }
        } else {
            session.session().receive(message, m -> log.debug("dropping a reply to a notification: {}", m));
            out.status(202, null);
        }
    }

    private void initialize(JsonRpcMessage.Request request, Responses out) throws IOException {
        ServerSession session = mcp.newSession();
        EventStream stream = new EventStream("init", 100);
        session.receive(request, new PostStream(stream));
        JsonRpcMessage answer;
        try {
            answer = EventPump.awaitAnswer(stream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            return;
        }
        if (session.isInitialized() && answer != null) {
            HttpSession http = sessions.open(session);
            if (http == null) {
                session.close();
                out.error(503, JsonRpcError.INTERNAL_ERROR, "Service Unavailable: too many sessions (" + sessions.maxSessions() + ")");
                return;
            }
            out.exchange().getResponseHeaders().set(SESSION_HEADER, http.id());
            out.json(200, answer);
        } else {
            session.close();
            if (answer == null) {
                out.error(500, JsonRpcError.INTERNAL_ERROR, "initialize produced no answer");
            } else {
                out.json(answer instanceof JsonRpcMessage.ErrorResponse ? 400 : 500, answer);
            }
        }
    }

    private void get(HttpExchange exchange, Responses out) throws IOException {
        if (!accepts(exchange.getRequestHeaders().getFirst("Accept"), "text/event-stream")) {
            out.error(406, JsonRpcError.INVALID_REQUEST, "Not Acceptable: Accept must list text/event-stream");
            return;
        }
        HttpSession session = session(exchange, out);
        if (session == null) {
            return;
        }
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        String[] resume = lastEventId == null ? null : EventStream.parseEventId(lastEventId.strip());
        EventStream stream = resume == null ? null : session.streamOf(resume[0]);
        if (stream != null) {
            int generation = stream.attach();
            try {
                out.startEvents();
                pumps.pump(out, stream, null, Long.parseLong(resume[1]), generation, true, stream != session.standalone());
            } finally {
                stream.detach(generation);
            }
            return;
        }
        EventStream standalone = session.standalone();
        if (standalone.isConnected()) {
            out.error(409, JsonRpcError.INVALID_REQUEST, "Conflict: this session already has an open GET stream");
            return;
        }
        int generation = standalone.attach();
        try {
            boolean resumable = EventPump.resumable(session);
            long after = standalone.delivered();
            out.startEvents();
            if (resumable) {
                out.priming(standalone.eventId(after), retryMillis);
            } else {
                out.comment("stream open");
            }
            pumps.pump(out, standalone, null, after, generation, resumable, false);
        } finally {
            standalone.detach(generation);
        }
    }

    private void delete(HttpExchange exchange, Responses out) throws IOException {
        HttpSession session = session(exchange, out);
        if (session == null) {
            return;
        }
        sessions.end(session);
        out.status(200, null);
    }

    /** The session the request names, or null after answering 400 (no header, bad version) or 404 (unknown). */
    private HttpSession session(HttpExchange exchange, Responses out) throws IOException {
        String id = exchange.getRequestHeaders().getFirst(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            out.error(400, JsonRpcError.INVALID_REQUEST, "Bad Request: " + SESSION_HEADER + " header is required");
            return null;
        }
        HttpSession session = sessions.get(id.strip());
        if (session == null) {
            out.error(404, JsonRpcError.INVALID_REQUEST, "Session not found: initialize a new session");
            return null;
        }
        String version = exchange.getRequestHeaders().getFirst(VERSION_HEADER);
        if (version != null && !ProtocolVersions.isSupported(version.strip())) {
            out.error(400, JsonRpcError.INVALID_REQUEST, "Bad Request: unsupported " + VERSION_HEADER + " " + version
                    + "; supported: " + ProtocolVersions.SUPPORTED);
            return null;
        }
        session.enter();
        out.session(session);
        return session;
    }

    private static boolean accepts(String accept, String type) {
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains(type) || lower.contains("*/*");
    }

    /** The body, or null if it is longer than the limit (by its Content-Length or by what arrives). */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxRequestBytes) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
            return body.length > maxRequestBytes ? null : body;
        }
    }

    /**
     * Reads and discards what is left of a refused body (up to a bound), so the 413 reaches a client that is
     * still sending instead of being lost to a connection reset.
     */
    private static void drain(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] sink = new byte[64 * 1024];
            long left = MAX_DRAIN_BYTES;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            log.debug("draining a refused body: {}", e.getMessage());
        }
    }

    /** Ends every session and stops the server, waiting at most a second for exchanges to finish. */
    @Override
    public void close() {
        mcp.closeSubscriptions();
        sessions.close();
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

        public StreamableHttpServer start() throws IOException {
            return new StreamableHttpServer(this);
        }
    }
}
