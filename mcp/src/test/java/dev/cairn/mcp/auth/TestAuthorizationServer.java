package dev.cairn.mcp.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OAuth 2.1 authorization server for tests (the real flow needs one; none runs here): RFC 8414
 * metadata, dynamic registration, an authorization endpoint that approves at once (redirecting with code,
 * state and iss), and a token endpoint that checks the PKCE verifier and issues short-lived access tokens
 * and a refresh token. It records every token request's grant type and {@code resource}.
 */
final class TestAuthorizationServer implements AutoCloseable {
    final HttpServer http;
    final String issuer;
    final List<String> grants = new CopyOnWriteArrayList<>();
    final List<String> resources = new CopyOnWriteArrayList<>();
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    /** Whether the metadata lists S256 (a server without it must be refused). */
    volatile boolean advertiseS256 = true;
    /** The {@code state} the authorization endpoint sends back; null echoes the request's. */
    volatile String forcedState;
    volatile long expiresIn = 3600;
    private final Map<String, String> challenges = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    TestAuthorizationServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        issuer = "http://127.0.0.1:" + http.getAddress().getPort();
        http.createContext("/.well-known/oauth-authorization-server", this::metadata);
        http.createContext("/register", exchange -> json(exchange, 201, JsonCodec.object().put("client_id", "client-" + counter.incrementAndGet())));
        http.createContext("/authorize", this::authorize);
        http.createContext("/token", this::token);
        http.start();
    }

    private void metadata(HttpExchange exchange) throws IOException {
        ObjectNode metadata = JsonCodec.object().put("issuer", issuer)
                .put("authorization_endpoint", issuer + "/authorize").put("token_endpoint", issuer + "/token")
                .put("registration_endpoint", issuer + "/register")
                .put("authorization_response_iss_parameter_supported", true);
        if (advertiseS256) {
            metadata.putArray("code_challenge_methods_supported").add("S256");
        }
        metadata.putArray("token_endpoint_auth_methods_supported").add("none");
        json(exchange, 200, metadata);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String code = "code-" + counter.incrementAndGet();
        challenges.put(code, query.get("code_challenge"));
        String state = forcedState != null ? forcedState : query.get("state");
        String location = query.get("redirect_uri") + "?code=" + code + "&state=" + state + "&iss=" + issuer;
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String grant = body.get("grant_type");
        grants.add(grant);
        resources.add(body.get("resource"));
        if ("authorization_code".equals(grant)) {
            String challenge = challenges.remove(body.get("code"));
            if (challenge == null || !challenge.equals(OAuthClient.s256(body.get("code_verifier")))) {
                json(exchange, 400, JsonCodec.object().put("error", "invalid_grant").put("error_description", "PKCE verifier mismatch"));
                return;
            }
        } else if (!"refresh_token".equals(grant) || !"refresh-1".equals(body.get("refresh_token"))) {
            json(exchange, 400, JsonCodec.object().put("error", "invalid_grant"));
            return;
        }
        String token = "token-" + counter.incrementAndGet();
        validTokens.add(token);
        json(exchange, 200, JsonCodec.object().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", expiresIn).put("refresh_token", "refresh-1"));
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JsonCodec.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    URI uri() {
        return URI.create(issuer);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
