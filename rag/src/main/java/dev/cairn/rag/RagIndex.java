package dev.cairn.rag;

import dev.cairn.embeddings.EmbeddingService;

import java.nio.file.Path;
import java.util.List;

/**
 * A store, the embedding model it was built with and the chunker that feeds it: the one object a command needs
 * to ingest folders and search them. Closing it closes the store; the embedding service belongs to the caller.
 *
 * <pre>{@code
 * try (var model = OnnxEmbeddingService.load("bge-small-en-v1.5");
 *      var index = new RagIndex(LuceneChunkStore.open(dir, model.modelName(), model.dimension(),
 *              LuceneStoreOptions.defaults()), model, new Chunker(256, 32, model::countTokens, model.modelName()))) {
 *     index.ingest(List.of(docs), IngestOptions.defaults(), Ingestor.Progress.NONE);
 *     List<Passage> top = index.search(SearchRequest.of("how do I ...?", 5), SearchMode.HYBRID);
 * }
 * }</pre>
 */
public final class RagIndex implements AutoCloseable {
    private final ChunkStore store;
    private final EmbeddingService embedder;
    private final Chunker chunker;

    public RagIndex(ChunkStore store, EmbeddingService embedder, Chunker chunker) {
        this.store = store;
        this.embedder = embedder;
        this.chunker = chunker;
    }

    public IngestReport ingest(List<Path> roots, IngestOptions options, Ingestor.Progress progress) {
        return new Ingestor(store, embedder, chunker, options).ingest(roots, progress);
    }

    /**
     * The retriever for {@code mode}, keeping at most {@link CollapsingRetriever#DEFAULT_MAX_PER_DOCUMENT}
     * passages per source document.
     */
    public Retriever retriever(SearchMode mode) {
        return retriever(mode, CollapsingRetriever.DEFAULT_MAX_PER_DOCUMENT);
    }

    /** The retriever for {@code mode}, keeping at most {@code maxPerDocument} passages per document (0: no limit). */
    public Retriever retriever(SearchMode mode, int maxPerDocument) {
        return CollapsingRetriever.of(ranked(mode), maxPerDocument);
    }

    private Retriever ranked(SearchMode mode) {
        return switch (mode) {
            case VECTOR -> StoreRetriever.vector(store, embedder);
            case BM25 -> StoreRetriever.bm25(store);
            case HYBRID -> HybridRetriever.of(StoreRetriever.vector(store, embedder), StoreRetriever.bm25(store));
        };
    }

    public List<Passage> search(SearchRequest request, SearchMode mode) {
        return retriever(mode).retrieve(request);
    }

    public List<Passage> search(SearchRequest request, SearchMode mode, int maxPerDocument) {
        return retriever(mode, maxPerDocument).retrieve(request);
    }

    public StoreInfo info() {
        return store.info();
    }

    public ChunkStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
