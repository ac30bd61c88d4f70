package dev.cairn.rag.cache;

import java.time.Instant;

/**
 * A cached response.
 *
 * @param exact      true for the same prompt, false for a semantically similar one
 * @param similarity 1 for an exact hit, else the cosine similarity of the two prompts' embeddings
 * @param prompt     the cached prompt the response was generated for
 */
public record CacheHit(String response, boolean exact, double similarity, String prompt, Instant created) {}
