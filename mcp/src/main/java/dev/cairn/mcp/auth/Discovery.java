package dev.cairn.mcp.auth;

import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the metadata documents of the MCP authorization flow: the server's protected resource metadata
 * (from the challenge's {@code resource_metadata}, else RFC 9728's path-inserted then root well-known URIs),
 * and its authorization server's metadata (RFC 8414 then OpenID Connect Discovery, path-inserted and
 * path-appended), whose {@code issuer} must be exactly the identifier the lookup started from.
 */
final class Discovery {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    private static final int MAX_DOCUMENT = 256 * 1024;

    private final HttpClient http;

    Discovery(HttpClient http) {
        this.http = http;
    }

    /** The protected resource metadata of {@code endpoint}, or null when the server publishes none. */
    ResourceMetadata resource(URI endpoint, URI advertised) throws IOException, InterruptedException {
        List<URI> candidates = new ArrayList<>();
        if (advertised != null) {
            candidates.add(endpoint.resolve(advertised));
        }
        String path = pathOf(endpoint);
        if (!path.isEmpty()) {
            candidates.add(origin(endpoint).resolve("/.well-known/oauth-protected-resource" + path));
        }
        candidates.add(origin(endpoint).resolve("/.well-known/oauth-protected-resource"));
        for (URI candidate : candidates) {
            JsonNode document = get(candidate);
            if (document == null) {
                continue;
            }
            String resource = document.path("resource").asString(null);
            if (resource == null) {
                throw new McpException("the protected resource metadata at " + candidate + " has no 'resource'", null);
            }
            return new ResourceMetadata(resource, strings(document.get("authorization_servers")),
                    document.has("scopes_supported") ? strings(document.get("scopes_supported")) : null);
        }
        return null;
    }

    /**
     * The metadata of the authorization server {@code issuer}; null when none of the well-known URIs has it.
     * A document whose {@code issuer} differs from {@code issuer} (compared as strings) is refused, unless
     * {@code legacy}: a 2025-03-26 server without resource metadata, whose metadata is found from its own
     * origin rather than from an issuer identifier.
     */
    ServerMetadata server(String issuer, boolean legacy) throws IOException, InterruptedException {
        URI base = URI.create(issuer);
        String path = pathOf(base);
        URI origin = origin(base);
        List<URI> candidates = path.isEmpty()
                ? List.of(origin.resolve("/.well-known/oauth-authorization-server"), origin.resolve("/.well-known/openid-configuration"))
                : List.of(origin.resolve("/.well-known/oauth-authorization-server" + path),
                          origin.resolve("/.well-known/openid-configuration" + path),
                          origin.resolve(path + "/.well-known/openid-configuration"));
        for (URI candidate : candidates) {
            JsonNode document = get(candidate);
            if (document == null) {
                continue;
            }
            String published = document.path("issuer").asString(null);
            if (!issuer.equals(published) && !(legacy && published != null)) {
                throw new McpException("the authorization server metadata at " + candidate + " names issuer '" + published
                        + "' instead of '" + issuer + "'; refusing to use it", null);
            }
            URI authorization = uri(document, "authorization_endpoint", candidate);
            URI token = uri(document, "token_endpoint", candidate);
            if (authorization == null || token == null) {
                throw new McpException("the authorization server metadata at " + candidate
                        + " lacks authorization_endpoint or token_endpoint", null);
            }
            return new ServerMetadata(published, authorization, token, uri(document, "registration_endpoint", candidate),
                    optionalStrings(document, "scopes_supported"), optionalStrings(document, "code_challenge_methods_supported"),
                    optionalStrings(document, "token_endpoint_auth_methods_supported"),
                    document.path("client_id_metadata_document_supported").asBoolean(false),
                    document.path("authorization_response_iss_parameter_supported").asBoolean(false),
                    optionalStrings(document, "dpop_signing_alg_values_supported"));
        }
        return null;
    }

    /** A JSON document, or null for 404 and other client errors (the next candidate is tried). */
    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("MCP-Protocol-Version", "2025-11-25").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            log.debug("no metadata at {}: HTTP {}", uri, response.statusCode());
            return null;
        }
        if (response.body().length > MAX_DOCUMENT) {
            throw new McpException("the metadata document at " + uri + " is larger than " + MAX_DOCUMENT + " bytes", null);
        }
        try {
            JsonNode document = JsonCodec.mapper().readTree(response.body());
            if (!document.isObject()) {
                throw new McpException("the metadata document at " + uri + " is not a JSON object", null);
            }
            return document;
        } catch (JacksonException e) {
            throw new McpException("the metadata document at " + uri + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** The URI's path without a trailing slash ("" for none or "/"). */
    private static String pathOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static URI uri(JsonNode document, String field, URI base) {
        String value = document.path(field).asString(null);
        return value == null ? null : base.resolve(value);
    }

    private static List<String> optionalStrings(JsonNode document, String field) {
        return document.has(field) ? strings(document.get(field)) : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asString()));
        }
        return List.copyOf(values);
    }
}
