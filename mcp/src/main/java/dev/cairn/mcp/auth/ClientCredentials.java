package dev.cairn.mcp.auth;

import java.util.Objects;

/**
 * A client's identity at one authorization server: pre-registered, obtained by dynamic client registration,
 * or a client ID metadata document URL.
 *
 * @param clientId     the client id (a URL for client ID metadata documents)
 * @param clientSecret null for public clients
 * @param authMethod   {@code token_endpoint_auth_method} ({@code client_secret_basic}, {@code client_secret_post}
 *                     or {@code none}); null lets the client choose from the server's metadata
 */
public record ClientCredentials(String clientId, String clientSecret, String authMethod) {
    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
    }

    public static ClientCredentials of(String clientId, String clientSecret) {
        return new ClientCredentials(clientId, clientSecret, null);
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + (clientSecret == null ? "" : ", secret") + "]";
    }
}
