package dev.cairn.mcp.transport;

import dev.cairn.mcp.ClientTransport;
import dev.cairn.mcp.McpException;
import dev.cairn.mcp.auth.BearerChallenge;
import dev.cairn.mcp.auth.OAuthClient;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import tools.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The client side of Streamable HTTP on {@link HttpClient}: every message is a POST; a request's answer comes
 * back as JSON or as an SSE stream (whose events are delivered as they arrive); the session id from the
 * handshake and the negotiated protocol version go on every later request; a GET stream receives
 * server-initiated messages; closing sends DELETE to end the session.
 */
public final class StreamableHttpClientTransport implements ClientTransport {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpClientTransport.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final long DEFAULT_RETRY_MILLIS = 1000;
    private static final int MAX_RESUMES = 100;
    static final int MAX_AUTHORIZATIONS = 3;

    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private ExecutorService executor;
    private HttpClient http;
    private Listener listener;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile Thread getStream;
    private volatile boolean closed;
    private volatile boolean stateless;
    private volatile Map<String, Map<String, String>> toolHeaders = Map.of();
    private OAuthClient oauth;
    private final Map<dev.cairn.mcp.jsonrpc.RequestId, InputStream> openBodies = new java.util.concurrent.ConcurrentHashMap<>();

    private StreamableHttpClientTransport(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static StreamableHttpClientTransport to(URI endpoint) {
        return new StreamableHttpClientTransport(endpoint);
    }

    public static StreamableHttpClientTransport to(String endpoint) {
        return to(URI.create(endpoint));
    }

    /** A header sent with every request, e.g. {@code Authorization}. */
    public StreamableHttpClientTransport header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Authorizes with OAuth as MCP specifies: requests carry the client's bearer token; a 401, or a 403 with
     * {@code insufficient_scope}, runs the authorization flow and retries (at most {@value #MAX_AUTHORIZATIONS}
     * flows per request).
     */
    public StreamableHttpClientTransport authorization(OAuthClient client) {
        this.oauth = client;
        return this;
    }

    public StreamableHttpClientTransport connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** The session id the server assigned, or null. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    @Override
    public void protocolVersion(String version) {
        this.protocolVersion = version;
        this.stateless = !dev.cairn.mcp.ProtocolVersions.isSupported(version);
        if (!stateless) {
            getStream = Thread.ofVirtual().name("mcp-http-get").start(this::listen);
        }
    }

    @Override
    public void tools(java.util.List<dev.cairn.mcp.schema.Tool> tools) {
        java.util.Map<String, java.util.Map<String, String>> headers = new java.util.HashMap<>();
        for (var tool : tools) {
            var parameters = tool.headerParameters();
            if (parameters != null && !parameters.isEmpty()) {
                headers.put(tool.name(), parameters);
            }
        }
        this.toolHeaders = Map.copyOf(headers);
    }

    /** The routing headers of 2026-07-28: Mcp-Method, Mcp-Name, and Mcp-Param-* for marked tool arguments. */
    private void routingHeaders(HttpRequest.Builder builder, JsonRpcMessage message) {
        String method = switch (message) {
            case JsonRpcMessage.Request r -> r.method();
            case JsonRpcMessage.Notification n -> n.method();
            default -> null;
        };
        if (method == null) {
            return;
        }
        builder.header(StatelessHttp.METHOD_HEADER, method);
        if (!(message instanceof JsonRpcMessage.Request request) || request.params() == null) {
            return;
        }
        String field = "resources/read".equals(method) ? "uri"
                : "tools/call".equals(method) || "prompts/get".equals(method) ? "name" : null;
        JsonNode name = field == null ? null : request.params().get(field);
        if (name != null && name.isString()) {
            builder.header(StatelessHttp.NAME_HEADER, ParamHeaders.encode(name));
        }
        var parameters = "tools/call".equals(method) && name != null ? toolHeaders.get(name.asString()) : null;
        if (parameters != null) {
            JsonNode arguments = request.params().path("arguments");
            parameters.forEach((property, suffix) -> {
                JsonNode value = arguments.get(property);
                if (value != null && !value.isNull()) {
                    builder.header("Mcp-Param-" + suffix, ParamHeaders.encode(value));
                }
            });
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint);
        headers.forEach(builder::header);
        if (sessionId != null) {
            builder.header(StreamableHttpServer.SESSION_HEADER, sessionId);
        }
        if (protocolVersion != null) {
            builder.header(StreamableHttpServer.VERSION_HEADER, protocolVersion);
        }
        return builder;
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        HttpRequest.Builder builder = request()
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonCodec.writeBytes(message)));
        if (stateless) {
            routingHeaders(builder, message);
        }
        HttpRequest post = builder.build();
        if (message instanceof JsonRpcMessage.Request request) {
            Thread.ofVirtual().name("mcp-http-post").start(() -> exchange(post, request));
            return;
        }
        HttpResponse<InputStream> response = send(post);
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 300) {
                log.warn("server refused a {}: HTTP {} {}", message.getClass().getSimpleName(), response.statusCode(),
                        new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
            }
        }
    }

    /** Sends with the bearer token, if authorization is on, running the OAuth flow on 401 and 403 insufficient_scope. */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        if (oauth == null) {
            return sendOnce(request);
        }
        for (int attempt = 1; ; attempt++) {
            String token = oauth.accessToken();
            Map<String, String> credentials = oauth.requestHeaders(request.method(), request.uri());
            HttpRequest authorized = request;
            if (!credentials.isEmpty()) {
                HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
                credentials.forEach(copy::setHeader);
                authorized = copy.build();
            }
            HttpResponse<InputStream> response = sendOnce(authorized);
            int status = response.statusCode();
            if ((status != 401 && status != 403) || attempt > MAX_AUTHORIZATIONS) {
                return response;
            }
            BearerChallenge challenge = BearerChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
            if (status == 403 && !challenge.insufficientScope()) {
                return response;
            }
            response.body().close();
            if (token != null && oauth.acceptNonce(challenge, response.headers().firstValue("DPoP-Nonce").orElse(null))) {
                continue; // the server wants a fresh DPoP nonce in the proof, not a new token
            }
            try {
                oauth.authorize(endpoint, challenge, token, attempt);
            } catch (McpException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private HttpResponse<InputStream> sendOnce(HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (!staleConnection(e)) {
                    throw e;
                }
                // A pooled keep-alive connection the server had already closed (Node closes idle ones after 5 s):
                // nothing was answered, so the server never saw the request; send it once more on a new connection.
                log.debug("retrying {} {} on a fresh connection: {}", request.method(), request.uri(), e.getMessage());
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            }
            response.headers().firstValue(StreamableHttpServer.SESSION_HEADER).ifPresent(id -> {
                if (sessionId == null) {
                    sessionId = id;
                }
            });
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The JDK client's report of a reused connection that the peer closed before sending any byte back. */
    private static boolean staleConnection(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("header parser received no bytes");
    }

    /** POSTs one request and delivers whatever comes back; any failure becomes an error response for it. */
    private void exchange(HttpRequest post, JsonRpcMessage.Request request) {
        try {
            HttpResponse<InputStream> response = send(post);
            try (InputStream body = response.body()) {
                openBodies.put(request.id(), body);
                int status = response.statusCode();
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (status >= 400) {
                    fail(request, httpError(status, body.readNBytes(MAX_ERROR_BODY)));
                } else if (type.startsWith("text/event-stream")) {
                    StreamState state = new StreamState();
                    readEvents(body, request, state);
                    if (!state.answered && !resume(request, state)) {
                        fail(request, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "the server's SSE stream ended before the response"));
                    }
                } else if (type.startsWith("application/json")) {
                    listener.message(JsonCodec.parse(body.readAllBytes()));
                } else {
                    fail(request, new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
                            "unexpected HTTP " + status + " with Content-Type '" + type + "'"));
                }
            }
        } catch (JsonRpcException e) {
            fail(request, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "the server sent an invalid message: " + e.getMessage()));
        } catch (IOException e) {
            fail(request, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "HTTP request failed: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(request, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "interrupted while waiting to reconnect"));
        } finally {
            openBodies.remove(request.id());
        }
    }

    /** Closes the connection carrying {@code id}'s answer (a listen stream the client no longer wants). */
    @Override
    public void cancel(dev.cairn.mcp.jsonrpc.RequestId id) {
        InputStream body = openBodies.remove(id);
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                log.debug("closing the stream of {} failed: {}", id, e.getMessage());
            }
        }
    }

    /** Where a stream stands: the last event id seen, the server's reconnection delay, whether the answer came. */
    private static final class StreamState {
        String lastEventId;
        long retryMillis = DEFAULT_RETRY_MILLIS;
        boolean answered;
    }

    /**
     * The server closed the request's stream before answering: waits the delay it asked for, then resumes with
     * GET and {@code Last-Event-ID}, as often as it keeps closing. False if it cannot be resumed.
     */
    private boolean resume(JsonRpcMessage.Request request, StreamState state) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < MAX_RESUMES && state.lastEventId != null && !closed; attempt++) {
            Thread.sleep(state.retryMillis);
            HttpRequest get = request().header("Accept", "text/event-stream").header("Last-Event-ID", state.lastEventId)
                    .GET().build();
            HttpResponse<InputStream> response = send(get);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    log.debug("could not resume stream at {}: HTTP {}", state.lastEventId, response.statusCode());
                    return false;
                }
                readEvents(body, request, state);
                if (state.answered) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonRpcError httpError(int status, byte[] body) {
        try {
            if (JsonCodec.parse(body) instanceof JsonRpcMessage.ErrorResponse error) {
                return new JsonRpcError(error.error().code(), "HTTP " + status + ": " + error.error().message(), error.error().data());
            }
        } catch (JsonRpcException e) {
            // not a JSON-RPC body; report the status and text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String hint = status == 404 && sessionId != null ? " (the session has ended)" : "";
        return new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "HTTP " + status + hint + (text.isEmpty() ? "" : ": " + text));
    }

    private void fail(JsonRpcMessage.Request request, JsonRpcError error) {
        listener.message(new JsonRpcMessage.ErrorResponse(request.id(), error));
    }

    /** Delivers a stream's events until it ends or the answer to {@code request} (if any) arrives. */
    private void readEvents(InputStream body, JsonRpcMessage.Request request, StreamState state) throws IOException {
        SseReader events = new SseReader(body);
        SseReader.Event event;
        while (!closed && (event = events.next()) != null) {
            if (event.id() != null) {
                state.lastEventId = event.id();
            }
            if (event.retry() != null) {
                state.retryMillis = event.retry();
            }
            JsonRpcMessage message = toMessage(event);
            if (message == null) {
                continue;
            }
            listener.message(message);
            if (request != null && answers(message, request)) {
                state.answered = true;
                return;
            }
        }
    }

    private static boolean answers(JsonRpcMessage message, JsonRpcMessage.Request request) {
        return (message instanceof JsonRpcMessage.Response r && r.id().equals(request.id()))
                || (message instanceof JsonRpcMessage.ErrorResponse e && request.id().equals(e.id()));
    }

    private static JsonRpcMessage toMessage(SseReader.Event event) {
        if (!"message".equals(event.type()) || event.data().isBlank()) {
            return null;
        }
        try {
            return JsonCodec.parse(event.data());
        } catch (JsonRpcException e) {
            log.warn("ignoring an SSE event that is not a JSON-RPC message: {}", e.getMessage());
            return null;
        }
    }

    /**
     * The standalone GET stream: server-initiated messages, reconnecting (with {@code Last-Event-ID} when the
     * server gave event ids) whenever the server closes it, until this client closes or the server refuses.
     */
    private void listen() {
        StreamState state = new StreamState();
        int failures = 0;
        while (!closed && failures < MAX_RESUMES) {
            HttpRequest.Builder get = request().header("Accept", "text/event-stream");
            if (state.lastEventId != null) {
                get.header("Last-Event-ID", state.lastEventId);
            }
            try {
                HttpResponse<InputStream> response = send(get.GET().build());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status >= 400 && status < 500) {
                        log.debug("no GET stream: HTTP {}", status);
                        return;
                    }
                    if (status != 200) {
                        failures++;
                    } else {
                        failures = 0;
                        readEvents(body, null, state);
                    }
                }
                if (!closed) {
                    Thread.sleep(state.retryMillis);
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                failures++;
                log.debug("GET stream failed: {}", e.getMessage());
                try {
                    Thread.sleep(state.retryMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends the session with DELETE (best effort, 2 s) and releases the HTTP client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http == null) {
            return;
        }
        if (sessionId != null) {
            try {
                HttpRequest delete = request().timeout(Duration.ofSeconds(2)).DELETE().build();
                send(delete).body().close();
            } catch (IOException | RuntimeException e) {
                log.debug("DELETE of session failed: {}", e.getMessage());
            }
        }
        Thread stream = getStream;
        if (stream != null) {
            stream.interrupt();
        }
        http.shutdownNow();
        executor.shutdownNow();
    }
}
