package dev.cairn.mcp.auth;

import java.net.URI;
import java.util.List;

/**
 * An authorization server's metadata (RFC 8414 or OpenID Connect Discovery), the fields an MCP client uses.
 *
 * @param issuer                    the issuer identifier, checked against the one used to find this document
 * @param authorizationEndpoint     where the user agent is sent
 * @param tokenEndpoint             where codes and refresh tokens are exchanged
 * @param registrationEndpoint      RFC 7591 dynamic client registration, or null
 * @param scopesSupported           null when not published
 * @param codeChallengeMethods      PKCE methods, null when not published
 * @param tokenAuthMethods          {@code token_endpoint_auth_methods_supported}, null when not published
 * @param clientIdMetadataDocuments whether URL client ids (client ID metadata documents) are accepted
 * @param issParameterSupported     whether authorization responses carry {@code iss} (RFC 9207)
 * @param dpopSigningAlgs           {@code dpop_signing_alg_values_supported} (RFC 9449), null when not published
 */
record ServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI registrationEndpoint,
                      List<String> scopesSupported, List<String> codeChallengeMethods, List<String> tokenAuthMethods,
                      boolean clientIdMetadataDocuments, boolean issParameterSupported, List<String> dpopSigningAlgs) {

    /** True when tokens should be DPoP-bound: the server takes ES256 proofs. */
    boolean dpop() {
        return dpopSigningAlgs != null && dpopSigningAlgs.contains("ES256");
    }

    /**
     * The endpoints a 2025-03-26 server without any metadata is assumed to have: {@code /authorize},
     * {@code /token} and {@code /register} at the MCP server's origin.
     */
    static ServerMetadata defaults(URI origin) {
        return new ServerMetadata(null, origin.resolve("/authorize"), origin.resolve("/token"), origin.resolve("/register"),
                null, null, null, false, false, null);
    }
}
