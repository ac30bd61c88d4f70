package dev.cairn.mcp.auth;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Bearer} (or {@code DPoP}) challenge of a {@code WWW-Authenticate} header (RFC 6750 §3, RFC 9728 §5.1,
 * RFC 9449 §7.1): the error,
 * the scopes the resource wants, and where its protected resource metadata is.
 *
 * @param error            {@code invalid_token}, {@code insufficient_scope}, ... or null
 * @param scopes           the {@code scope} parameter split on spaces (empty when absent)
 * @param resourceMetadata the {@code resource_metadata} URL, or null
 */
public record BearerChallenge(String error, Set<String> scopes, URI resourceMetadata) {
    private static final BearerChallenge NONE = new BearerChallenge(null, Set.of(), null);

    public BearerChallenge {
        scopes = Set.copyOf(new LinkedHashSet<>(scopes));
    }

    /** True for a 403 that asks for more scopes (step-up authorization). */
    public boolean insufficientScope() {
        return "insufficient_scope".equals(error);
    }

    /** Parses a header value; a missing, malformed or non-Bearer header gives a challenge with nothing in it. */
    public static BearerChallenge parse(String header) {
        if (header == null) {
            return NONE;
        }
        String lower = header.toLowerCase(Locale.ROOT);
        int start = lower.indexOf("bearer");
        int skip = "bearer".length();
        if (start < 0) {
            start = lower.startsWith("dpop") ? 0 : lower.indexOf(", dpop ") + 2; // RFC 9449 §7.1 challenge
            skip = "dpop".length();
            if (start < 2 && !lower.startsWith("dpop")) {
                return NONE;
            }
        }
        Map<String, String> parameters = parameters(header.substring(start + skip));
        String scope = parameters.get("scope");
        URI metadata = null;
        String location = parameters.get("resource_metadata");
        if (location != null) {
            try {
                metadata = URI.create(location);
            } catch (IllegalArgumentException e) {
                metadata = null;
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return new BearerChallenge(parameters.get("error"), scopes, metadata);
    }

    /** {@code name=value} and {@code name="quoted \" value"} pairs separated by commas, up to the next scheme. */
    private static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                if (!name.isEmpty() && !parameters.isEmpty()) {
                    break; // the next challenge's scheme
                }
                continue;
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            parameters.putIfAbsent(name, value.toString());
        }
        return parameters;
    }
}
