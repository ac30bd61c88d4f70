package dev.cairn.mcp.auth;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A client's identity at one authorization server: pre-registered, obtained by dynamic client registration,
 * or a client ID metadata document URL.
 *
 * @param clientId     the client id (a URL for client ID metadata documents)
 * @param clientSecret null for public clients and for {@code private_key_jwt}
 * @param authMethod   {@code token_endpoint_auth_method} ({@code client_secret_basic}, {@code client_secret_post},
 *                     {@code private_key_jwt} or {@code none}); null lets the client choose from the server's metadata
 * @param signingKey   the EC P-256 key that signs {@code private_key_jwt} client assertions (ES256), or null
 */
public record ClientCredentials(String clientId, String clientSecret, String authMethod, PrivateKey signingKey) {
    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
    }

    public ClientCredentials(String clientId, String clientSecret, String authMethod) {
        this(clientId, clientSecret, authMethod, null);
    }

    public static ClientCredentials of(String clientId, String clientSecret) {
        return new ClientCredentials(clientId, clientSecret, null, null);
    }

    /** A client that authenticates with JWTs it signs with {@code key} (RFC 7523 {@code private_key_jwt}, ES256). */
    public static ClientCredentials withPrivateKey(String clientId, PrivateKey key) {
        return new ClientCredentials(clientId, null, "private_key_jwt", Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + (clientSecret == null ? "" : ", secret") + (signingKey == null ? "" : ", key") + "]";
    }
}
