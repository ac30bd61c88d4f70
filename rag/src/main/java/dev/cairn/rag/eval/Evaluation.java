package dev.cairn.rag.eval;

import dev.cairn.rag.Passage;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.SearchRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs QA cases against a retriever and measures it: hit@1/3/5/10, MRR@10, nDCG@10 and mean latency.
 *
 * @param firstRanks per case, the rank of its first relevant passage (0: not in the top k)
 */
public record Evaluation(RetrievalMetrics metrics, List<QaCase> cases, List<Integer> firstRanks) {
    public Evaluation {
        cases = List.copyOf(cases);
        firstRanks = List.copyOf(firstRanks);
    }

    /** Retrieves the top {@code k} for every case, in order, and scores the ranks. */
    public static Evaluation run(Retriever retriever, List<QaCase> cases, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be positive: " + k);
        var ranks = new ArrayList<Integer>(cases.size());
        var latencies = new ArrayList<Double>(cases.size());
        for (QaCase c : cases) {
            long t0 = System.nanoTime();
            List<Passage> top = retriever.retrieve(SearchRequest.of(c.question(), k));
            latencies.add((System.nanoTime() - t0) / 1e6);
            ranks.add(firstRelevant(c, top));
        }
        return new Evaluation(RetrievalMetrics.of(ranks, latencies), cases, ranks);
    }

    /** The rank (from 1) of the first passage whose source is relevant to the case, or 0. */
    public static int firstRelevant(QaCase c, List<Passage> ranked) {
        for (int i = 0; i < ranked.size(); i++) if (c.isRelevant(ranked.get(i).path())) return i + 1;
        return 0;
    }
}
