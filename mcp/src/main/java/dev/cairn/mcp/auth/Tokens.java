package dev.cairn.mcp.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Tokens from one authorization server for one resource.
 *
 * @param issuer    the authorization server that issued them (null for a 2025-03-26 server without metadata)
 * @param scopes    the scopes requested for them (the union grows with step-up authorization)
 * @param expiresAt null when the server did not say
 * @param dpop      whether the token is DPoP-bound (presented with the DPoP scheme and a proof)
 */
record Tokens(String accessToken, String refreshToken, Instant expiresAt, String issuer, Set<String> scopes, boolean dpop) {

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt.minusSeconds(30));
    }
}
