package dev.cairn.rag.cache;

import java.time.Duration;

/**
 * @param ttl                 how long a response stays valid after it was stored
 * @param similarityThreshold a prompt whose embedding has at least this cosine similarity with a cached prompt's
 *                            (same model and parameters) gets that response; above 1 turns semantic matching off
 */
public record CacheOptions(Duration ttl, double similarityThreshold) {
    public CacheOptions {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
        if (!(similarityThreshold > 0)) throw new IllegalArgumentException("similarityThreshold must be positive: " + similarityThreshold);
    }

    /** A day, and prompts with cosine similarity of at least 0.95. */
    public static CacheOptions defaults() {
        return new CacheOptions(Duration.ofDays(1), 0.95);
    }

    /** Exact matches only. */
    public static CacheOptions exactOnly(Duration ttl) {
        return new CacheOptions(ttl, 2);
    }

    public boolean semantic() {
        return similarityThreshold <= 1;
    }

    public CacheOptions withTtl(Duration ttl) {
        return new CacheOptions(ttl, similarityThreshold);
    }

    public CacheOptions withSimilarityThreshold(double threshold) {
        return new CacheOptions(ttl, threshold);
    }
}
