package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs and checks the opaque {@code requestState} of input_required results: the state is the inputs
 * answered so far, as JSON, with an HMAC-SHA256 over it and the request it belongs to (method and name), under
 * a key that lives as long as the server. A client cannot forge answers or move a state to another request.
 */
final class RequestStates {
    private final byte[] key = new byte[32];

    RequestStates() {
        new SecureRandom().nextBytes(key);
    }

    String sign(String method, String name, ObjectNode answers) {
        byte[] payload = JsonCodec.mapper().writeValueAsBytes(answers);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac(method, name, payload));
    }

    /** The answers in a state this server signed for this request, or null if it was not (tampered, foreign, malformed). */
    ObjectNode verify(String method, String name, String state) {
        int dot = state.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(state.substring(0, dot));
            byte[] signature = b64.decode(state.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(method, name, payload))) {
                return null;
            }
            JsonNode answers = JsonCodec.mapper().readTree(payload);
            return answers instanceof ObjectNode object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private byte[] mac(String method, String name, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((method + "\n" + (name == null ? "" : name) + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
