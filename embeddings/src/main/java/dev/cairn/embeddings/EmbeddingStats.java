package dev.cairn.embeddings;

/**
 * Running totals of an {@link EmbeddingService} since it was created.
 *
 * @param texts     texts embedded (passages and queries)
 * @param tokens    tokens fed to the model, without special tokens such as [CLS] and [SEP], after truncation
 *                  (the number LangChain4j reports as input token usage)
 * @param truncated texts longer than the model's maximum sequence length, cut to fit
 * @param empty     texts with no tokens at all (empty or whitespace-only); they get the embedding of the special
 *                  tokens alone, as sentence-transformers gives
 * @param batches   model runs
 * @param positions token positions the model ran: every batch's texts times its longest text, special tokens and
 *                  padding included (against {@code tokens} plus the special tokens, this is the padding's cost)
 */
public record EmbeddingStats(long texts, long tokens, long truncated, long empty, long batches, long positions) {
    /** No work done. */
    public static final EmbeddingStats NONE = new EmbeddingStats(0, 0, 0, 0, 0, 0);

    /** Average padded batch size in texts. */
    public double textsPerBatch() {
        return batches == 0 ? 0 : (double) texts / batches;
    }
}
