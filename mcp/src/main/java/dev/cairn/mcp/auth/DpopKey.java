package dev.cairn.mcp.auth;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client's DPoP key (RFC 9449): an EC P-256 key pair made once per {@link OAuthClient}; every token request
 * and every request to the MCP server carries a fresh proof JWT ({@code typ dpop+jwt}, ES256, the public key as
 * {@code jwk}; {@code jti}, {@code htm}, {@code htu}, {@code iat}, the server's {@code nonce} when it asked for
 * one, and {@code ath} = hash of the access token on resource requests).
 */
final class DpopKey {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final ObjectNode jwk;

    DpopKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        jwk = JsonCodec.object().put("kty", "EC").put("crv", "P-256")
                .put("x", URL.encodeToString(coordinate(key.getW().getAffineX())))
                .put("y", URL.encodeToString(coordinate(key.getW().getAffineY())));
    }

    /** A proof for one HTTP request; {@code accessToken} (for {@code ath}) and {@code nonce} may be null. */
    String proof(String method, URI uri, String nonce, String accessToken) {
        ObjectNode header = JsonCodec.object().put("typ", "dpop+jwt").put("alg", "ES256");
        header.set("jwk", jwk);
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        String htu = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        ObjectNode claims = JsonCodec.object().put("jti", URL.encodeToString(jti)).put("htm", method).put("htu", htu)
                .put("iat", Instant.now().getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        if (accessToken != null) {
            claims.put("ath", URL.encodeToString(sha256(accessToken)));
        }
        String input = URL.encodeToString(JsonCodec.mapper().writeValueAsBytes(header)) + "."
                + URL.encodeToString(JsonCodec.mapper().writeValueAsBytes(claims));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a DPoP proof", e);
        }
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == 32) {
            return bytes;
        }
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DpopKey" + Arrays.toString(new String[]{jwk.path("x").asString()});
    }
}
