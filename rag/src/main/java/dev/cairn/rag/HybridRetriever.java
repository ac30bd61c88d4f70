package dev.cairn.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: each component retriever returns its top {@code candidates}, and a passage scores
 * {@code sum(weight / (rrfK + rank))} over the lists it appears in. Ties go to the passage with the better best
 * rank, then to the earlier component. Every component's score and rank stay on the fused passage, and the
 * fused score is under the key {@code rrf}.
 */
public final class HybridRetriever implements Retriever {
    private final List<Retriever> components;
    private final double[] weights;
    private final int rrfK;
    private final int candidates;

    /**
     * @param weights    one per component; the usual choice is all 1
     * @param rrfK       the rank offset, 60 in the original paper: larger flattens the advantage of top ranks
     * @param candidates how many passages each component contributes (at least the request's k is used)
     */
    public HybridRetriever(List<Retriever> components, double[] weights, int rrfK, int candidates) {
        if (components.isEmpty() || components.size() != weights.length)
            throw new IllegalArgumentException(components.size() + " retrievers but " + weights.length + " weights");
        if (rrfK < 0 || candidates < 1) throw new IllegalArgumentException("rrfK " + rrfK + ", candidates " + candidates);
        this.components = List.copyOf(components);
        this.weights = weights.clone();
        this.rrfK = rrfK;
        this.candidates = candidates;
    }

    /** Vector and BM25 with equal weights, k = 60, 50 candidates each. */
    public static HybridRetriever of(Retriever vector, Retriever bm25) {
        return new HybridRetriever(List.of(vector, bm25), new double[] {1, 1}, 60, 50);
    }

    @Override
    public String name() {
        return "rrf";
    }

    private static final class Fused {
        final Chunk chunk;
        final Map<String, Double> scores = new LinkedHashMap<>();
        final Map<String, Integer> ranks = new LinkedHashMap<>();
        double score;
        int bestRank = Integer.MAX_VALUE;
        int firstComponent = Integer.MAX_VALUE;

        Fused(Chunk chunk) {
            this.chunk = chunk;
        }
    }

    @Override
    public List<Passage> retrieve(SearchRequest r) {
        var component = r.withK(Math.max(r.k(), candidates)).withMinScore(Double.NEGATIVE_INFINITY);
        var fused = new HashMap<String, Fused>();
        for (int c = 0; c < components.size(); c++) {
            List<Passage> list = components.get(c).retrieve(component);
            for (int i = 0; i < list.size(); i++) {
                Passage p = list.get(i);
                int rank = i + 1;
                Fused f = fused.computeIfAbsent(p.chunk().id(), id -> new Fused(p.chunk()));
                f.score += weights[c] / (rrfK + rank);
                f.bestRank = Math.min(f.bestRank, rank);
                f.firstComponent = Math.min(f.firstComponent, c);
                f.scores.putAll(p.scores());
                f.ranks.putAll(p.ranks());
            }
        }
        var sorted = new ArrayList<>(fused.values());
        sorted.sort(Comparator.comparingDouble((Fused f) -> -f.score)
                .thenComparingInt(f -> f.bestRank)
                .thenComparingInt(f -> f.firstComponent)
                .thenComparing(f -> f.chunk.id()));
        var out = new ArrayList<Passage>(Math.min(r.k(), sorted.size()));
        for (Fused f : sorted) {
            if (out.size() == r.k() || f.score < r.minScore()) break;
            f.scores.put(name(), f.score);
            f.ranks.put(name(), out.size() + 1);
            out.add(new Passage(f.chunk, f.score, f.scores, f.ranks));
        }
        return out;
    }
}
