package dev.cairn.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Keeps at most {@code maxPerDocument} passages of any one source document (same {@link Chunk#path()}) in
 * another retriever's ranking: it asks the delegate for {@code candidates} passages (at least the request's k),
 * walks them best first, skips a passage once its document already has {@code maxPerDocument} in the result,
 * and stops at k. Order, scores and ranks are the delegate's; fewer than k come back when the candidates hold
 * fewer distinct documents. A result list of different pages is what a reader of search results and an answer
 * prompt usually want, instead of five neighbouring chunks of one page.
 */
public final class CollapsingRetriever implements Retriever {
    /** Passages per document unless configured otherwise: 1 for search, eval and ask. */
    public static final int DEFAULT_MAX_PER_DOCUMENT = 1;
    /** Candidates asked from the delegate unless configured otherwise. */
    public static final int DEFAULT_CANDIDATES = 50;

    private final Retriever delegate;
    private final int maxPerDocument;
    private final int candidates;

    public CollapsingRetriever(Retriever delegate, int maxPerDocument, int candidates) {
        if (maxPerDocument < 1) throw new IllegalArgumentException("maxPerDocument must be positive: " + maxPerDocument);
        if (candidates < 1) throw new IllegalArgumentException("candidates must be positive: " + candidates);
        this.delegate = delegate;
        this.maxPerDocument = maxPerDocument;
        this.candidates = candidates;
    }

    /** {@code delegate} itself when {@code maxPerDocument} is 0 (no limit), else collapsed over 50 candidates. */
    public static Retriever of(Retriever delegate, int maxPerDocument) {
        if (maxPerDocument < 0) throw new IllegalArgumentException("maxPerDocument must not be negative: " + maxPerDocument);
        return maxPerDocument == 0 ? delegate : new CollapsingRetriever(delegate, maxPerDocument, DEFAULT_CANDIDATES);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<Passage> retrieve(SearchRequest r) {
        List<Passage> pool = delegate.retrieve(r.withK(Math.max(r.k(), candidates)));
        var perDocument = new HashMap<String, Integer>();
        var out = new ArrayList<Passage>(Math.min(r.k(), pool.size()));
        for (Passage p : pool) {
            if (out.size() == r.k()) break;
            if (perDocument.merge(p.chunk().path(), 1, Integer::sum) <= maxPerDocument) out.add(p);
        }
        return out;
    }
}
