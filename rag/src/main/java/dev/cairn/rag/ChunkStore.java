package dev.cairn.rag;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where chunks and their vectors live: the plug-in point for index backends ({@code dev.cairn.rag.lucene} is
 * the built-in one). A store is bound to one embedding model; opening it with another is an error.
 *
 * <p>Writes go through {@link #commit}: all of its replacements and deletions become visible together, or none
 * do. Reads may run concurrently with a commit and see the state before or after it.
 */
public interface ChunkStore extends AutoCloseable {

    StoreInfo info();

    /** The content hash of every source the store holds, by path. */
    Map<String, String> documentHashes();

    /**
     * Atomically replaces the chunks of each updated source and removes every chunk of each deleted path.
     *
     * @throws RagException when the write fails; the store then still holds its last committed state
     */
    void commit(List<DocumentUpdate> updates, Collection<String> deletedPaths);

    /** The {@code k} chunks nearest to a normalized query vector, best first, scored by cosine similarity. */
    List<ScoredChunk> vectorSearch(float[] query, int k, MetadataFilter filter);

    /**
     * The {@code k} best BM25 matches for a text query (chunk text, plus title and headings boosted), best first.
     * A query without searchable words (only stop words, say) matches nothing.
     */
    List<ScoredChunk> textSearch(String query, int k, MetadataFilter filter);

    /**
     * Whether a text query has any word text search can match: false when it is only stop words or punctuation,
     * so a caller can say so instead of showing nothing (or, for vector search, arbitrary neighbours).
     */
    default boolean hasSearchTerms(String query) {
        return !query.isBlank();
    }

    /** The stored vectors of the given chunk ids; ids not found are absent from the map. */
    Map<String, float[]> vectors(Collection<String> chunkIds);

    @Override
    void close();
}
