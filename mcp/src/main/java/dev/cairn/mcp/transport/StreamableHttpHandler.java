package dev.cairn.mcp.transport;

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
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MCP's Streamable HTTP transport without the HTTP server: what one request to the MCP endpoint gets, for
 * both protocol revisions (2025-11-25 with sessions and resumable SSE streams, 2026-07-28 stateless). A
 * server hands it each request to its endpoint as an {@link HttpCall}, on a thread that may block for as
 * long as an SSE stream stays open (a virtual thread per request suits it). {@link StreamableHttpServer}
 * carries it on the JDK's {@code HttpServer}; Cairn's Spring Boot starter on a servlet container.
 */
public final class StreamableHttpHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpHandler.class);
    static final String SESSION_HEADER = StreamableHttpServer.SESSION_HEADER;
    static final String VERSION_HEADER = StreamableHttpServer.VERSION_HEADER;
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final McpServer mcp;
    private final long maxRequestBytes;
    private final long retryMillis;
    private final StatelessHttp stateless;
    private final ProtectedResource protectedResource;
    private final EventPump pumps;
    private final HostPolicy policy;
    private final HttpSessions sessions;

    private StreamableHttpHandler(Builder b) {
        this.mcp = b.server;
        this.maxRequestBytes = b.maxRequestBytes;
        this.retryMillis = b.retryMillis;
        this.pumps = new EventPump(b.retryMillis, KEEP_ALIVE_MILLIS);
        this.sessions = new HttpSessions(b.maxSessions, b.sessionIdleTimeout.toNanos());
        this.stateless = new StatelessHttp(b.server);
        this.policy = HostPolicy.forAddress(b.address, b.allowedHosts, b.allowedOrigins);
        this.protectedResource = b.protectedResource;
    }

    public static Builder builder(McpServer server) {
        return new Builder(server);
    }

    /** The number of live sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Answers one request to the MCP endpoint, returning when its response is complete (for a GET or a
     * streamed POST, when the SSE stream closes). I/O failures of the connection are logged, not thrown.
     */
    public void handle(HttpCall call) {
        Responses out = new Responses(call);
        try {
            dispatch(call, out);
        } catch (IOException e) {
            log.debug("HTTP exchange failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("HTTP exchange failed", e);
        } finally {
            if (out.session() != null) {
                out.session().exit();
            }
        }
    }

    private void dispatch(HttpCall call, Responses out) throws IOException {
        if (!policy.hostAllowed(call.requestHeader("Host"))) {
            out.error(403, JsonRpcError.INVALID_REQUEST, "Forbidden: Host header not allowed");
            return;
        }
        if (!policy.originAllowed(call.requestHeader("Origin"))) {
            out.error(403, JsonRpcError.INVALID_REQUEST, "Forbidden: Origin not allowed");
            return;
        }
        if (protectedResource != null && !protectedResource.admit(call, out)) {
            return;
        }
        String method = call.method().toUpperCase(Locale.ROOT);
        if (!"POST".equals(method) && call.requestHeader(SESSION_HEADER) == null
                && StatelessHttp.applies(null, call.requestHeader(VERSION_HEADER))) {
            call.responseHeader("Allow", "POST");
            out.error(405, JsonRpcError.INVALID_REQUEST, "Method not allowed: the stateless revision uses POST only");
            return;
        }
        switch (method) {
            case "POST" -> post(call, out);
            case "GET" -> get(call, out);
            case "DELETE" -> delete(call, out);
            default -> {
                call.responseHeader("Allow", "GET, POST, DELETE");
                out.error(405, JsonRpcError.INVALID_REQUEST, "Method not allowed");
            }
        }
    }

    private void post(HttpCall call, Responses out) throws IOException {
        String accept = call.requestHeader("Accept");
        if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
            out.error(406, JsonRpcError.INVALID_REQUEST, "Not Acceptable: Accept must list application/json and text/event-stream");
            return;
        }
        String contentType = call.requestHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            out.error(415, JsonRpcError.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        byte[] body = readBody(call);
        if (body == null) {
            drain(call);
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
        if (call.requestHeader(SESSION_HEADER) == null && StatelessHttp.applies(message, call.requestHeader(VERSION_HEADER))) {
            stateless.post(message, call, out);
            return;
        }
        if (message instanceof JsonRpcMessage.Request request && "initialize".equals(request.method())) {
            initialize(request, out);
            return;
        }
        HttpSession session = session(call, out);
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
            if (protectedResource != null) {
                http.bind(protectedResource.principal(out.call()));
            }
            out.call().responseHeader(SESSION_HEADER, http.id());
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

    private void get(HttpCall call, Responses out) throws IOException {
        if (!accepts(call.requestHeader("Accept"), "text/event-stream")) {
            out.error(406, JsonRpcError.INVALID_REQUEST, "Not Acceptable: Accept must list text/event-stream");
            return;
        }
        HttpSession session = session(call, out);
        if (session == null) {
            return;
        }
        String lastEventId = call.requestHeader("Last-Event-ID");
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

    private void delete(HttpCall call, Responses out) throws IOException {
        HttpSession session = session(call, out);
        if (session == null) {
            return;
        }
        sessions.end(session);
        out.status(200, null);
    }

    /** The session the request names, or null after answering 400 (no header, bad version) or 404 (unknown). */
    private HttpSession session(HttpCall call, Responses out) throws IOException {
        String id = call.requestHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            out.error(400, JsonRpcError.INVALID_REQUEST, "Bad Request: " + SESSION_HEADER + " header is required");
            return null;
        }
        HttpSession session = sessions.get(id.strip());
        if (session != null && protectedResource != null && !session.admits(protectedResource.principal(call))) {
            log.debug("session {} refused to another principal's token", id);
            session = null; // bound to another user: answered as if it did not exist, which reveals nothing
        }
        if (session == null) {
            out.error(404, JsonRpcError.INVALID_REQUEST, "Session not found: initialize a new session");
            return null;
        }
        String version = call.requestHeader(VERSION_HEADER);
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
    private byte[] readBody(HttpCall call) throws IOException {
        String length = call.requestHeader("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
                if (declared > maxRequestBytes || declared < 0) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try (InputStream in = call.requestBody()) {
            // with a Content-Length, one exact read into one array; otherwise read up to the limit
            byte[] body = in.readNBytes((int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1)));
            return body.length > maxRequestBytes ? null : body;
        }
    }

    /**
     * Reads and discards what is left of a refused body (up to a bound), so the 413 reaches a client that is
     * still sending instead of being lost to a connection reset.
     */
    private static void drain(HttpCall call) {
        try (InputStream in = call.requestBody()) {
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

    /** Ends every session; requests that come afterwards get 404 for their session or start a new one. */
    @Override
    public void close() {
        mcp.closeSubscriptions();
        sessions.close();
    }

    public static final class Builder {
        private final McpServer server;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private long maxRequestBytes = 4L * 1024 * 1024;
        private long retryMillis = 1000;
        private int maxSessions = 10_000;
        private Duration sessionIdleTimeout = Duration.ofHours(1);
        private ProtectedResource protectedResource;
        private Set<String> allowedHosts = Set.of();
        private Set<String> allowedOrigins = Set.of();

        private Builder(McpServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /**
         * The address the carrying server is bound to (default 127.0.0.1). On a loopback address only local
         * {@code Host} and {@code Origin} headers are accepted (besides those allowed); on any other address
         * only the allowed origins are, and the Host header is checked only against {@link #allowedHosts}.
         */
        public Builder bindAddress(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The largest POST body accepted; larger ones get 413 (default 4 MiB). */
        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * Requires OAuth bearer tokens checked by the resource's validator; the resource's URI must be given
         * (the carrying server serves its metadata document).
         */
        public Builder protectedResource(ProtectedResource resource) {
            if (resource != null && resource.resource() == null) {
                throw new IllegalArgumentException("the protected resource needs its URI to be served by a handler");
            }
            this.protectedResource = resource;
            return this;
        }

        /** The most sessions at once; an initialize beyond it gets 503 (default 10,000). */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        /** A session with no exchange and no open stream for this long is ended; its id then gets 404 (default 1 h). */
        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long clients are told to wait before reconnecting to a closed SSE stream (default 1 s). */
        public Builder retryMillis(long retryMillis) {
            this.retryMillis = retryMillis;
            return this;
        }

        /** Extra host names accepted in the Host header (the loopback names always are on a loopback bind). */
        public Builder allowedHosts(Set<String> hosts) {
            this.allowedHosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            return this;
        }

        /** Browser origins accepted besides local ones, exactly as sent, e.g. {@code https://app.example.com}. */
        public Builder allowedOrigins(Set<String> origins) {
            this.allowedOrigins = Set.copyOf(origins);
            return this;
        }

        public StreamableHttpHandler build() {
            return new StreamableHttpHandler(this);
        }
    }
}
