package dev.cairn.rag.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cached response answers: the model, the prompt and the generation parameters (temperature, max
 * tokens, seed, ...: anything that changes the output, as strings). Two keys are the same exactly when all three
 * are; a semantic match only ever crosses prompts, never models or parameters.
 */
public record CacheKey(String model, String prompt, Map<String, String> parameters) {
    public CacheKey {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is blank");
        if (prompt == null) throw new IllegalArgumentException("prompt is null");
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    public static CacheKey of(String model, String prompt) {
        return new CacheKey(model, prompt, Map.of());
    }

    /** SHA-256 over the model and parameters: the scope within which prompts may match semantically. */
    String scope() {
        var sb = new StringBuilder(model).append('\0');
        parameters.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return sha256(sb.toString());
    }

    /** SHA-256 over model, parameters and prompt: the exact-match key, also the entry's file name. */
    String digest() {
        return sha256(scope() + '\0' + prompt);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
