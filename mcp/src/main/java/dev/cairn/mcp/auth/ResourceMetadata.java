package dev.cairn.mcp.auth;

import java.net.URI;
import java.util.List;

/**
 * What an MCP server publishes about itself as an OAuth protected resource (RFC 9728).
 *
 * @param resource             the resource identifier, sent verbatim as the RFC 8707 {@code resource} parameter
 * @param authorizationServers issuer identifiers of the authorization servers it trusts
 * @param scopesSupported      scopes it understands, or null when it does not say
 */
record ResourceMetadata(String resource, List<String> authorizationServers, List<String> scopesSupported) {

    /**
     * True when this metadata may describe {@code endpoint}: same scheme and authority, and the resource's path
     * is the endpoint's path or a parent of it (a server's metadata may name its origin or its exact URL).
     */
    boolean covers(URI endpoint) {
        URI resourceUri;
        try {
            resourceUri = URI.create(resource);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (resourceUri.getScheme() == null || !resourceUri.getScheme().equalsIgnoreCase(endpoint.getScheme())
                || resourceUri.getRawAuthority() == null
                || !resourceUri.getRawAuthority().equalsIgnoreCase(endpoint.getRawAuthority())) {
            return false;
        }
        String prefix = resourceUri.getRawPath() == null ? "" : resourceUri.getRawPath();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (prefix.isEmpty() || prefix.equals("/") || prefix.equals(path)) {
            return true;
        }
        String directory = prefix.endsWith("/") ? prefix : prefix + "/";
        return path.startsWith(directory);
    }
}
