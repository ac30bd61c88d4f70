package dev.cairn.mcp.auth;

import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the JWT of an RFC 7523 JWT-bearer grant comes from, for clients that get tokens without a user at the
 * MCP server's authorization server: a workload identity token the platform issued ({@link #workload}), or an
 * identity assertion authorization grant (ID-JAG) that the enterprise identity provider exchanges for the user's
 * ID token ({@link #enterprise}, RFC 8693 token exchange, enterprise-managed authorization).
 */
@FunctionalInterface
public interface AssertionGrant {

    /** The assertion to present to the authorization server {@code issuer} for {@code resource}. */
    String assertion(String issuer, String resource) throws IOException, InterruptedException;

    /** A JWT issued to this workload (its audience must be the authorization server), used as is. */
    static AssertionGrant workload(String jwt) {
        return (issuer, resource) -> jwt;
    }

    /**
     * Enterprise-managed authorization: asks the identity provider's token endpoint to exchange {@code idToken}
     * (the user's OpenID Connect ID token) for an ID-JAG whose audience is the MCP server's authorization server
     * and whose resource is the MCP server.
     */
    static AssertionGrant enterprise(URI idpTokenEndpoint, String idToken, String idpClientId, String idpClientSecret) {
        HttpClient http = HttpClient.newHttpClient();
        return (issuer, resource) -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
            form.put("subject_token", idToken);
            form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
            form.put("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag");
            form.put("audience", issuer);
            form.put("resource", resource);
            form.put("client_id", idpClientId);
            form.put("client_secret", idpClientSecret);
            HttpRequest post = HttpRequest.newBuilder(idpTokenEndpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TokenEndpoint.form(form))).build();
            HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = JsonCodec.mapper().readTree(response.body());
            } catch (JacksonException e) {
                body = null;
            }
            String jag = body == null ? null : body.path("access_token").asString(null);
            if (response.statusCode() / 100 != 2 || jag == null) {
                throw new McpException("the identity provider's token exchange at " + idpTokenEndpoint + " failed with HTTP "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8), null);
            }
            return jag;
        };
    }
}
