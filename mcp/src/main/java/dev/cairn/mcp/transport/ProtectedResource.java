package dev.cairn.mcp.transport;

import com.sun.net.httpserver.HttpExchange;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import dev.cairn.mcp.jsonrpc.JsonRpcError;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a Streamable HTTP server an OAuth 2.1 resource server, as MCP authorization requires: every request
 * needs a bearer token the {@link TokenValidator} accepts (401 otherwise) with the {@code requiredScopes}
 * (403 {@code insufficient_scope} otherwise), and the RFC 9728 protected resource metadata that tells clients
 * where to get tokens is served at the well-known URIs, unauthenticated.
 *
 * @param resource             this MCP endpoint's canonical URI, the audience tokens must be issued for; null for
 *                             the server's own {@code http://host:port/path} (behind a proxy, give the public one)
 * @param authorizationServers issuer URIs of the authorization servers clients may use (at least one)
 * @param scopesSupported      scopes advertised in the metadata (may be empty)
 * @param requiredScopes       scopes every request needs (may be empty)
 * @param validator            checks tokens: signature or introspection, expiry, and audience = {@code resource}
 */
public record ProtectedResource(URI resource, List<URI> authorizationServers, List<String> scopesSupported,
                                Set<String> requiredScopes, TokenValidator validator) {

    /** Checks an access token presented to this resource. */
    @FunctionalInterface
    public interface TokenValidator {
        /**
         * The scopes granted by {@code token} if it is valid for this resource (issued for its audience, not
         * expired), or null if it is not. Tokens meant for other resources must be refused, never passed on.
         */
        Set<String> grantedScopes(String token);

        /**
         * Who {@code token} speaks for (a user or client id), for a token {@link #grantedScopes} accepts. Sessions
         * are bound to it: another principal's token cannot use them. Null (the default) binds nothing.
         */
        default String principal(String token) {
            return null;
        }
    }

    public ProtectedResource {
        Objects.requireNonNull(validator, "validator");
        authorizationServers = List.copyOf(authorizationServers);
        if (authorizationServers.isEmpty()) {
            throw new IllegalArgumentException("the protected resource metadata needs at least one authorization server");
        }
        scopesSupported = List.copyOf(scopesSupported);
        requiredScopes = Set.copyOf(requiredScopes);
    }

    /** This description with {@code resource} filled in if it was left null. */
    ProtectedResource orResource(URI fallback) {
        return resource != null ? this
                : new ProtectedResource(fallback, authorizationServers, scopesSupported, requiredScopes, validator);
    }

    /** The well-known metadata URI for this resource: RFC 9728's path insertion of the resource's path. */
    URI metadataUri() {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return URI.create(resource.getScheme() + "://" + resource.getRawAuthority() + "/.well-known/oauth-protected-resource" + path);
    }

    /** The RFC 9728 metadata document. */
    ObjectNode metadata() {
        ObjectNode metadata = JsonCodec.object().put("resource", resource.toString());
        authorizationServers.forEach(uri -> metadata.withArray("authorization_servers").add(uri.toString()));
        if (!scopesSupported.isEmpty()) {
            scopesSupported.forEach(scope -> metadata.withArray("scopes_supported").add(scope));
        }
        metadata.putArray("bearer_methods_supported").add("header");
        return metadata;
    }

    /** The {@code WWW-Authenticate} challenge for a refused request; {@code error} may be null. */
    String challenge(String error) {
        StringBuilder value = new StringBuilder("Bearer resource_metadata=\"").append(metadataUri()).append('"');
        if (!requiredScopes.isEmpty()) {
            value.append(", scope=\"").append(String.join(" ", new TreeSet<>(requiredScopes))).append('"');
        }
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
        }
        return value.toString();
    }

    /** Checks the bearer token; answers 401 or 403 with the challenge and returns false if it does not do. */
    boolean admit(HttpCall call, Responses out) throws IOException {
        String header = call.requestHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        Set<String> granted = token == null || token.isEmpty() ? null : validator().grantedScopes(token);
        if (granted == null) {
            call.responseHeader("WWW-Authenticate", challenge(token == null ? null : "invalid_token"));
            out.error(401, JsonRpcError.INVALID_REQUEST, "Unauthorized: a valid bearer token for this resource is required");
            return false;
        }
        if (!granted.containsAll(requiredScopes())) {
            call.responseHeader("WWW-Authenticate", challenge("insufficient_scope"));
            out.error(403, JsonRpcError.INVALID_REQUEST, "Forbidden: the token lacks required scopes");
            return false;
        }
        return true;
    }

    /** The principal of the request's (already admitted) bearer token, or null. */
    String principal(HttpCall call) {
        String header = call.requestHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        return token == null || token.isEmpty() ? null : validator().principal(token);
    }

    /** Serves the protected resource metadata (RFC 9728) at the root and path-inserted well-known URIs. */
    void serveMetadata(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requested = exchange.getRequestURI().getPath();
            String expected = metadataUri().getPath();
            boolean known = requested.equals(expected) || requested.equals("/.well-known/oauth-protected-resource");
            if (!known || !"GET".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(known ? 405 : 404, -1);
                return;
            }
            byte[] body = JsonCodec.mapper().writeValueAsBytes(metadata());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
