package dev.cairn.mcp.auth;

import dev.cairn.mcp.McpException;
import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * RFC 7523 client authentication: a short-lived JWT (iss = sub = client id, aud = the authorization server's
 * issuer, unique jti) signed ES256, sent as {@code client_assertion}.
 */
final class ClientAssertion {
    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientAssertion() {
    }

    static String sign(ClientCredentials client, String audience) {
        ObjectNode header = JsonCodec.object().put("alg", "ES256").put("typ", "JWT");
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JsonCodec.object().put("iss", client.clientId()).put("sub", client.clientId())
                .put("aud", audience).put("iat", now).put("exp", now + 300).put("jti", URL.encodeToString(jti));
        String input = URL.encodeToString(JsonCodec.mapper().writeValueAsBytes(header)) + "."
                + URL.encodeToString(JsonCodec.mapper().writeValueAsBytes(claims));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format"); // JOSE wants raw R||S
            signer.initSign(client.signingKey());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new McpException("cannot sign the client assertion with the configured key (ES256 needs an EC P-256 key): "
                    + e.getMessage(), e);
        }
    }

    /** An EC private key from PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    static PrivateKey ecKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new McpException("the private key is not a PKCS#8 PEM EC key: " + e.getMessage(), e);
        }
    }
}
