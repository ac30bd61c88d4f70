package dev.cairn.rag;

import dev.cairn.embeddings.EmbeddingService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Vector (kNN over embeddings) and BM25 retrieval straight from a {@link ChunkStore}. */
public final class StoreRetriever implements Retriever {
    private final String name;
    private final ChunkStore store;
    private final EmbeddingService embedder; // null for BM25

    private StoreRetriever(String name, ChunkStore store, EmbeddingService embedder) {
        this.name = name;
        this.store = store;
        this.embedder = embedder;
    }

    /** Nearest neighbours of the embedded query; scores are cosine similarities. */
    public static StoreRetriever vector(ChunkStore store, EmbeddingService embedder) {
        return new StoreRetriever("vector", store, embedder);
    }

    /** BM25 over chunk text, title and headings; scores are BM25's. */
    public static StoreRetriever bm25(ChunkStore store) {
        return new StoreRetriever("bm25", store, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Passage> retrieve(SearchRequest r) {
        List<ScoredChunk> hits = embedder == null
                ? store.textSearch(r.query(), r.k(), r.filter())
                : store.vectorSearch(embedder.embedQuery(r.query()), r.k(), r.filter());
        var out = new ArrayList<Passage>(hits.size());
        for (ScoredChunk h : hits) {
            if (h.score() < r.minScore()) break;
            out.add(new Passage(h.chunk(), h.score(), Map.of(name, h.score()), Map.of(name, out.size() + 1)));
        }
        return out;
    }
}
