package dev.cairn.mcp.auth;

import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorization server's back-channel: dynamic client registration (RFC 7591), the authorization-code and
 * refresh-token grants with the RFC 8707 {@code resource}, and client authentication at the token endpoint
 * ({@code client_secret_basic}, {@code client_secret_post} or none).
 */
final class TokenEndpoint {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final DpopKey dpop;

    /** {@code dpop}: the key that binds tokens where the server supports DPoP. */
    TokenEndpoint(HttpClient http, DpopKey dpop) {
        this.http = http;
        this.dpop = dpop;
    }

    /** Registers a public native (or web) client with the grants it uses; the server's answer decides the rest. */
    ClientCredentials register(ServerMetadata server, String clientName, URI redirectUri) throws IOException, InterruptedException {
        ObjectNode request = JsonCodec.object().put("client_name", clientName);
        request.putArray("redirect_uris").add(redirectUri.toString());
        request.putArray("grant_types").add("authorization_code").add("refresh_token");
        request.putArray("response_types").add("code");
        List<String> methods = server.tokenAuthMethods();
        request.put("token_endpoint_auth_method", methods == null || methods.contains("none") ? "none" : methods.getFirst());
        String host = redirectUri.getHost() == null ? "" : redirectUri.getHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || !"https".equals(redirectUri.getScheme());
        request.put("application_type", loopback ? "native" : "web");
        HttpRequest post = HttpRequest.newBuilder(server.registrationEndpoint()).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonCodec.mapper().writeValueAsBytes(request))).build();
        HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = json(response, "client registration at " + server.registrationEndpoint());
        String clientId = answer.path("client_id").asString(null);
        if (clientId == null) {
            throw new McpException("client registration at " + server.registrationEndpoint() + " returned no client_id", null);
        }
        return new ClientCredentials(clientId, answer.path("client_secret").asString(null),
                answer.path("token_endpoint_auth_method").asString(null));
    }

    /** Exchanges an authorization code (with its PKCE verifier) for tokens. */
    Tokens exchange(ServerMetadata server, ClientCredentials client, String code, URI redirectUri, String verifier,
                    String resource, Set<String> scopes) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        form.put("resource", resource);
        return request(server, client, form, null, scopes);
    }

    /** The client credentials grant (a machine client acting for itself, no user). */
    Tokens clientCredentials(ServerMetadata server, ClientCredentials client, String resource, Set<String> scopes)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        form.put("resource", resource);
        return request(server, client, form, null, scopes);
    }

    /** The RFC 7523 JWT-bearer grant: {@code assertion} stands for the authorization. */
    Tokens jwtBearer(ServerMetadata server, ClientCredentials client, String assertion, String resource, Set<String> scopes)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        form.put("assertion", assertion);
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        form.put("resource", resource);
        return request(server, client, form, null, scopes);
    }

    /** Uses a refresh token; the new response may or may not rotate it. */
    Tokens refresh(ServerMetadata server, ClientCredentials client, Tokens tokens, String resource) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        form.put("resource", resource);
        return request(server, client, form, tokens.refreshToken(), tokens.scopes());
    }

    private Tokens request(ServerMetadata server, ClientCredentials client, Map<String, String> form, String oldRefresh,
                           Set<String> scopes) throws IOException, InterruptedException {
        HttpRequest.Builder post = HttpRequest.newBuilder(server.tokenEndpoint()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        switch (authMethod(server, client)) {
            case "client_secret_basic" -> post.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (encode(client.clientId()) + ":" + encode(client.clientSecret())).getBytes(StandardCharsets.UTF_8)));
            case "client_secret_post" -> {
                form.put("client_id", client.clientId());
                form.put("client_secret", client.clientSecret());
            }
            case "private_key_jwt" -> {
                form.put("client_assertion_type", ClientAssertion.TYPE);
                form.put("client_assertion", ClientAssertion.sign(client,
                        server.issuer() != null ? server.issuer() : server.tokenEndpoint().toString()));
            }
            default -> form.put("client_id", client.clientId());
        }
        post.POST(HttpRequest.BodyPublishers.ofString(form(form)));
        boolean bound = server.dpop();
        if (bound) {
            post.setHeader("DPoP", dpop.proof("POST", server.tokenEndpoint(), null, null));
        }
        HttpResponse<byte[]> response = http.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
        String nonce = response.headers().firstValue("DPoP-Nonce").orElse(null);
        if (bound && response.statusCode() == 400 && nonce != null) { // RFC 9449 §8: retry once with the server's nonce
            post.setHeader("DPoP", dpop.proof("POST", server.tokenEndpoint(), nonce, null));
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        JsonNode answer = json(response, "the token request to " + server.tokenEndpoint());
        String accessToken = answer.path("access_token").asString(null);
        if (accessToken == null) {
            throw new McpException("the token endpoint " + server.tokenEndpoint() + " returned no access_token", null);
        }
        JsonNode expiresIn = answer.get("expires_in");
        Instant expiresAt = expiresIn != null && expiresIn.canConvertToLong() ? Instant.now().plusSeconds(expiresIn.asLong()) : null;
        String refresh = answer.path("refresh_token").asString(oldRefresh);
        return new Tokens(accessToken, refresh, expiresAt, server.issuer(), scopes,
                bound && "dpop".equalsIgnoreCase(answer.path("token_type").asString("")));
    }

    /** The registered method, else basic or post for confidential clients (as the server supports), else none. */
    static String authMethod(ServerMetadata server, ClientCredentials client) {
        if (client.authMethod() != null) {
            return client.authMethod();
        }
        if (client.clientSecret() == null) {
            return "none";
        }
        List<String> supported = server.tokenAuthMethods();
        if (supported == null || supported.contains("client_secret_basic")) {
            return "client_secret_basic";
        }
        return supported.contains("client_secret_post") ? "client_secret_post" : "client_secret_basic";
    }

    private static JsonNode json(HttpResponse<byte[]> response, String what) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode body;
        try {
            body = JsonCodec.mapper().readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            String error = body == null ? abbreviate(text)
                    : body.path("error").asString("") + (body.has("error_description") ? ": " + body.path("error_description").asString() : "");
            throw new McpException(what + " failed with HTTP " + response.statusCode() + (error.isBlank() ? "" : " (" + error + ")"), null);
        }
        if (body == null || !body.isObject()) {
            throw new McpException(what + " returned something that is not a JSON object: " + abbreviate(text), null);
        }
        return body;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
