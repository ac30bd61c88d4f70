package dev.cairn.rag;

/**
 * A store's hit: for vector search the cosine similarity, for text search the BM25 score.
 */
public record ScoredChunk(Chunk chunk, double score) {}
