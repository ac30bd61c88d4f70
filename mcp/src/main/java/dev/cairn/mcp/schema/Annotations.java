package dev.cairn.mcp.schema;

import java.util.List;

/** Hints for the client about a content block or resource: audience, priority (0..1), last modification (ISO 8601). */
public record Annotations(List<Role> audience, Double priority, String lastModified) {
    public Annotations {
        audience = audience == null ? null : List.copyOf(audience);
        if (priority != null && !(priority >= 0 && priority <= 1)) {
            throw new IllegalArgumentException("priority must be between 0 and 1, got " + priority);
        }
    }
}
