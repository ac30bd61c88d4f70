package dev.cairn.rag;

import java.util.Map;

/**
 * A retrieved chunk with its final score and the scores and ranks each retriever gave it along the way
 * (keys such as {@code vector}, {@code bm25}, {@code rrf}, {@code mmr}; ranks count from 1).
 *
 * @param score the score of the retriever that ranked the passage, on that retriever's scale (MMR reorders
 *              passages and keeps their score; its own value is under {@code mmr})
 */
public record Passage(Chunk chunk, double score, Map<String, Double> scores, Map<String, Integer> ranks) {
    public Passage {
        scores = Map.copyOf(scores);
        ranks = Map.copyOf(ranks);
    }

    public String path() {
        return chunk.path();
    }

    public String text() {
        return chunk.text();
    }

    /** Where the text comes from, for a reader: {@code path › Title › Heading (p. 3)}. */
    public String citation() {
        var sb = new StringBuilder(chunk.path());
        String ctx = chunk.context();
        if (!ctx.isEmpty()) sb.append(" › ").append(ctx.replace(" > ", " › "));
        if (chunk.page() > 0) sb.append(" (p. ").append(chunk.page()).append(')');
        return sb.toString();
    }
}
