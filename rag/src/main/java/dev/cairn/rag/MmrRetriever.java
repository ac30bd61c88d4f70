package dev.cairn.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximal marginal relevance over another retriever's candidates: passages are picked one at a time by
 * {@code lambda * relevance - (1 - lambda) * max similarity to the passages already picked}, where relevance
 * is the delegate's score rescaled to [0, 1] over the candidates and similarity is the cosine of the stored
 * chunk vectors. {@code lambda = 1} keeps the delegate's order; lower values trade relevance for diversity.
 */
public final class MmrRetriever implements Retriever {
    private final Retriever delegate;
    private final ChunkStore store;
    private final double lambda;
    private final int candidates;

    public MmrRetriever(Retriever delegate, ChunkStore store, double lambda, int candidates) {
        if (lambda < 0 || lambda > 1) throw new IllegalArgumentException("lambda must be in [0, 1]: " + lambda);
        if (candidates < 1) throw new IllegalArgumentException("candidates must be positive: " + candidates);
        this.delegate = delegate;
        this.store = store;
        this.lambda = lambda;
        this.candidates = candidates;
    }

    @Override
    public String name() {
        return "mmr";
    }

    @Override
    public List<Passage> retrieve(SearchRequest r) {
        List<Passage> pool = delegate.retrieve(r.withK(Math.max(r.k(), candidates)));
        if (pool.isEmpty()) return pool;
        Map<String, float[]> vectors = store.vectors(pool.stream().map(p -> p.chunk().id()).toList());
        double max = pool.stream().mapToDouble(Passage::score).max().orElse(0);
        double min = pool.stream().mapToDouble(Passage::score).min().orElse(0);
        var remaining = new ArrayList<>(pool);
        var picked = new ArrayList<Passage>();
        var pickedVectors = new ArrayList<float[]>();
        while (picked.size() < r.k() && !remaining.isEmpty()) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < remaining.size(); i++) {
                Passage p = remaining.get(i);
                double relevance = max > min ? (p.score() - min) / (max - min) : 1.0;
                double redundancy = 0;
                float[] v = vectors.get(p.chunk().id());
                if (v != null) for (float[] w : pickedVectors) redundancy = Math.max(redundancy, cosine(v, w));
                double value = lambda * relevance - (1 - lambda) * redundancy;
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            Passage p = remaining.remove(best);
            var scores = new HashMap<>(p.scores());
            var ranks = new HashMap<>(p.ranks());
            scores.put(name(), bestValue);
            ranks.put(name(), picked.size() + 1);
            picked.add(new Passage(p.chunk(), p.score(), scores, ranks));
            float[] v = vectors.get(p.chunk().id());
            if (v != null) pickedVectors.add(v);
        }
        return picked;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
