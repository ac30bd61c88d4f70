package dev.cairn.rag.langchain4j;

import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.Passage;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.SearchRequest;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Any Cairn {@link Retriever} (vector, BM25, hybrid, MMR) as a LangChain4j {@link ContentRetriever}, for a
 * LangChain4j {@code RetrievalAugmentor} or AI service:
 * <pre>{@code
 * ContentRetriever r = new CairnContentRetriever(index.retriever(SearchMode.HYBRID), 5);
 * }</pre>
 * Each passage becomes a {@link Content} whose segment carries {@code path}, {@code title}, {@code headings},
 * {@code page}, {@code type}, {@code chunk_id} and {@code citation} metadata, with the retriever's score under
 * {@link ContentMetadata#SCORE} (on that retriever's scale) and the chunk id under
 * {@link ContentMetadata#EMBEDDING_ID}.
 */
public final class CairnContentRetriever implements ContentRetriever {
    private final Retriever retriever;
    private final int maxResults;
    private final MetadataFilter filter;
    private final double minScore;

    public CairnContentRetriever(Retriever retriever, int maxResults) {
        this(retriever, maxResults, MetadataFilter.NONE, Double.NEGATIVE_INFINITY);
    }

    /**
     * @param filter   restricts passages by path prefix, type and tags
     * @param minScore passages scoring below it on the retriever's own scale are left out
     */
    public CairnContentRetriever(Retriever retriever, int maxResults, MetadataFilter filter, double minScore) {
        if (maxResults < 1) throw new IllegalArgumentException("maxResults must be positive: " + maxResults);
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.maxResults = maxResults;
        this.filter = filter == null ? MetadataFilter.NONE : filter;
        this.minScore = minScore;
    }

    @Override
    public List<Content> retrieve(Query query) {
        var request = SearchRequest.of(query.text(), maxResults).withFilter(filter).withMinScore(minScore);
        var out = new ArrayList<Content>();
        for (Passage p : retriever.retrieve(request)) {
            TextSegment s = Segments.of(p.chunk(), p.citation());
            if (s == null) continue;
            out.add(Content.from(s, Map.of(ContentMetadata.SCORE, p.score(), ContentMetadata.EMBEDDING_ID, p.chunk().id())));
        }
        return out;
    }
}
