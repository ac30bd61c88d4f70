package dev.cairn.rag;

import java.util.Set;

/**
 * Restricts a search to chunks whose source path starts with {@code pathPrefix} (when not empty), whose type is
 * one of {@code types} (when not empty) and that carry at least one of {@code tags} (when not empty).
 */
public record MetadataFilter(String pathPrefix, Set<String> types, Set<String> tags) {
    public static final MetadataFilter NONE = new MetadataFilter("", Set.of(), Set.of());

    public MetadataFilter {
        pathPrefix = pathPrefix == null ? "" : pathPrefix;
        types = Set.copyOf(types);
        tags = Set.copyOf(tags);
    }

    public static MetadataFilter pathPrefix(String prefix) {
        return NONE.withPathPrefix(prefix);
    }

    public MetadataFilter withPathPrefix(String prefix) {
        return new MetadataFilter(prefix, types, tags);
    }

    public MetadataFilter withTypes(String... types) {
        return new MetadataFilter(pathPrefix, Set.of(types), tags);
    }

    public MetadataFilter withTags(String... tags) {
        return new MetadataFilter(pathPrefix, types, Set.of(tags));
    }

    public boolean isEmpty() {
        return pathPrefix.isEmpty() && types.isEmpty() && tags.isEmpty();
    }

    /** Whether a chunk passes; stores apply the same rule natively. */
    public boolean test(Chunk c) {
        return c.path().startsWith(pathPrefix)
                && (types.isEmpty() || types.contains(c.type()))
                && (tags.isEmpty() || c.tags().stream().anyMatch(tags::contains));
    }
}
