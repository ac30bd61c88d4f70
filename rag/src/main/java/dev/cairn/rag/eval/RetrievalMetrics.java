package dev.cairn.rag.eval;

import java.util.List;

/**
 * Retrieval quality over a set of questions, each counted once at the rank of its first relevant passage.
 * With one relevant item per question the ideal DCG is 1, so a question found at rank r adds
 * {@code 1 / log2(r + 1)} to nDCG@10, and {@code 1 / r} to MRR@10; one not found in the top 10 adds 0 to both.
 *
 * @param latencyMs mean milliseconds per query
 */
public record RetrievalMetrics(int queries, double hit1, double hit3, double hit5, double hit10, double mrr10,
                               double ndcg10, double latencyMs) {

    /**
     * @param firstRanks per question, the rank (from 1) of its first relevant passage, or 0 when none was retrieved
     * @param latencyMs  per question, the milliseconds its retrieval took
     */
    public static RetrievalMetrics of(List<Integer> firstRanks, List<Double> latencyMs) {
        if (firstRanks.size() != latencyMs.size())
            throw new IllegalArgumentException(firstRanks.size() + " ranks but " + latencyMs.size() + " latencies");
        int n = firstRanks.size();
        if (n == 0) return new RetrievalMetrics(0, 0, 0, 0, 0, 0, 0, 0);
        double h1 = 0, h3 = 0, h5 = 0, h10 = 0, mrr = 0, ndcg = 0, ms = 0;
        for (int i = 0; i < n; i++) {
            int r = firstRanks.get(i);
            if (r < 0) throw new IllegalArgumentException("rank " + r);
            ms += latencyMs.get(i);
            if (r == 0 || r > 10) continue;
            if (r <= 1) h1++;
            if (r <= 3) h3++;
            if (r <= 5) h5++;
            h10++;
            mrr += 1.0 / r;
            ndcg += 1.0 / (Math.log(r + 1) / Math.log(2));
        }
        return new RetrievalMetrics(n, h1 / n, h3 / n, h5 / n, h10 / n, mrr / n, ndcg / n, ms / n);
    }
}
