package dev.cairn.rag;

/**
 * A retrieval request.
 *
 * @param k        how many passages to return at most
 * @param minScore passages scoring below this on the retriever's own scale are dropped (cosine for vector,
 *                 BM25 for bm25, the fused score for hybrid); {@code Double.NEGATIVE_INFINITY} keeps all
 */
public record SearchRequest(String query, int k, MetadataFilter filter, double minScore) {
    public SearchRequest {
        if (query == null) throw new IllegalArgumentException("query is null");
        if (k < 1) throw new IllegalArgumentException("k must be positive: " + k);
        filter = filter == null ? MetadataFilter.NONE : filter;
    }

    public static SearchRequest of(String query, int k) {
        return new SearchRequest(query, k, MetadataFilter.NONE, Double.NEGATIVE_INFINITY);
    }

    public SearchRequest withK(int k) {
        return new SearchRequest(query, k, filter, minScore);
    }

    public SearchRequest withFilter(MetadataFilter filter) {
        return new SearchRequest(query, k, filter, minScore);
    }

    public SearchRequest withMinScore(double minScore) {
        return new SearchRequest(query, k, filter, minScore);
    }
}
