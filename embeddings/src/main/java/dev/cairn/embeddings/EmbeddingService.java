package dev.cairn.embeddings;

import java.util.List;

/**
 * Turns text into dense vectors. Implementations are thread-safe; vectors are L2-normalized when the
 * model says so (all built-in models do), so cosine similarity is a dot product.
 *
 * <p>Queries and passages are separate calls because retrieval models such as bge prefix queries with
 * an instruction; a model without prefixes embeds both the same way.
 */
public interface EmbeddingService extends AutoCloseable {

    /** Embeds passages (documents, chunks), one vector per text, in order. */
    List<float[]> embedPassages(List<String> texts);

    /** Embeds one search query. */
    float[] embedQuery(String query);

    /** Embeds search queries, one vector per query, in order. */
    default List<float[]> embedQueries(List<String> queries) {
        return queries.stream().map(this::embedQuery).toList();
    }

    /** The vector length. */
    int dimension();

    /** The model's name, stored with every index built from it (e.g. {@code bge-small-en-v1.5}). */
    String modelName();

    /** Running totals (texts, tokens, truncated texts, batches); {@link EmbeddingStats#NONE} if not tracked. */
    default EmbeddingStats stats() {
        return EmbeddingStats.NONE;
    }

    @Override
    void close();
}
