package dev.cairn.rag.langchain4j;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.ChunkStore;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.ScoredChunk;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Cairn {@link ChunkStore} (a Lucene index, say) as a LangChain4j {@code EmbeddingStore<TextSegment>}:
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = new CairnEmbeddingStore(LuceneChunkStore.open(dir, model, 384, options));
 * }</pre>
 * Searching sees every chunk, those Cairn ingested (embedding id {@code path#ordinal}) and those added here.
 * Segments come back with {@code path}, {@code title}, {@code headings} (joined by " > "), {@code page},
 * {@code type}, {@code chunk_id} and {@code citation} metadata; scores are LangChain4j relevance scores,
 * {@code (cosine + 1) / 2}, and a request's {@link Filter} is tested on that metadata.
 *
 * <p>Each added embedding becomes its own source in the store, of type {@code langchain4j}, under its id, and
 * every add is one atomic commit. Of a segment's metadata only {@code title} and {@code headings} are kept,
 * since Cairn's schema stores citation data, not arbitrary keys. Removing an id removes that source; removing
 * a Cairn chunk id ({@code path#n}) removes its whole document, because Cairn replaces documents whole.
 * {@code removeAll(Filter)} is not supported. Closing the chunk store is the caller's business.
 */
public final class CairnEmbeddingStore implements EmbeddingStore<TextSegment> {
    /** How many more candidates a filtered search asks the store for, since the filter is applied afterwards. */
    private static final int FILTER_OVERFETCH = 4;

    private final ChunkStore store;

    public CairnEmbeddingStore(ChunkStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String add(Embedding embedding) {
        return add(embedding, null);
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), java.util.Collections.singletonList(null));
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = generateIds(1).getFirst();
        addAll(List.of(id), List.of(embedding), java.util.Collections.singletonList(segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, java.util.Collections.nCopies(embeddings.size(), null));
        return ids;
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size()))
            throw new IllegalArgumentException(ids.size() + " ids, " + embeddings.size() + " embeddings, "
                    + (segments == null ? 0 : segments.size()) + " segments");
        var updates = new ArrayList<DocumentUpdate>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) throw new IllegalArgumentException("blank id at " + i);
            TextSegment s = segments == null ? null : segments.get(i);
            Chunk c = Segments.chunk(id, s);
            updates.add(new DocumentUpdate(id, hash(c.text(), embeddings.get(i).vector()), List.of(c),
                    List.of(embeddings.get(i).vector())));
        }
        store.commit(updates, List.of());
    }

    @Override
    public void removeAll(Collection<String> ids) {
        Map<String, String> known = store.documentHashes();
        var paths = new LinkedHashSet<String>();
        for (String id : ids) {
            if (known.containsKey(id)) paths.add(id);
            else {
                int hash = id.lastIndexOf('#');
                if (hash > 0 && known.containsKey(id.substring(0, hash))) paths.add(id.substring(0, hash));
            }
        }
        if (!paths.isEmpty()) store.commit(List.of(), paths);
    }

    @Override
    public void removeAll() {
        var paths = store.documentHashes().keySet();
        if (!paths.isEmpty()) store.commit(List.of(), List.copyOf(paths));
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Filter filter = request.filter();
        int k = request.maxResults();
        int fetch = filter == null ? k : (int) Math.min(Integer.MAX_VALUE / 2, (long) k * FILTER_OVERFETCH);
        List<ScoredChunk> hits = store.vectorSearch(request.queryEmbedding().vector(), fetch, MetadataFilter.NONE);
        var kept = new ArrayList<ScoredChunk>();
        var segments = new ArrayList<TextSegment>();
        for (ScoredChunk h : hits) {
            if (kept.size() == k) break;
            double score = RelevanceScore.fromCosineSimilarity(h.score());
            if (score < request.minScore()) break; // best first: the rest score lower
            TextSegment s = Segments.of(h.chunk(), citation(h.chunk()));
            if (filter != null && (s == null || !filter.test(s.metadata()))) continue;
            kept.add(h);
            segments.add(s);
        }
        Map<String, float[]> vectors = store.vectors(kept.stream().map(h -> h.chunk().id()).toList());
        var matches = new ArrayList<EmbeddingMatch<TextSegment>>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Chunk c = kept.get(i).chunk();
            float[] v = vectors.get(c.id());
            matches.add(new EmbeddingMatch<>(RelevanceScore.fromCosineSimilarity(kept.get(i).score()),
                    Segments.embeddingId(c), v == null ? null : Embedding.from(v), segments.get(i)));
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static String citation(Chunk c) {
        return new dev.cairn.rag.Passage(c, 0, Map.of(), Map.of()).citation();
    }

    private static String hash(String text, float[] vector) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(text.getBytes(StandardCharsets.UTF_8));
            for (float f : vector) {
                int bits = Float.floatToIntBits(f);
                md.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
            }
            return "langchain4j:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
