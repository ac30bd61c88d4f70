package dev.cairn.rag.lucene;

import dev.cairn.rag.ChunkStore;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.RagException;
import dev.cairn.rag.ScoredChunk;
import dev.cairn.rag.StoreInfo;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ChunkStore} in a Lucene index on disk: HNSW vectors with cosine similarity, BM25 over chunk text and
 * headings, stored fields for citations. Readers come from a {@link SearcherManager}; every {@link #commit} is
 * one Lucene commit, so a crash leaves the index at its last commit. The embedding model's name and dimension,
 * the schema version and the vector settings are in the commit user data.
 *
 * <p>Opened for writing, the store holds Lucene's write lock; opened read-only, it sees commits made by a
 * writer in another process when it next searches.
 */
public final class LuceneChunkStore implements ChunkStore {
    static final String MODEL = "cairn.model";
    static final String DIMENSION = "cairn.dimension";
    static final String SCHEMA = "cairn.schema";
    static final String VECTOR_FORMAT = "cairn.vectors";
    static final String HNSW_M = "cairn.hnsw.m";
    static final String HNSW_BEAM = "cairn.hnsw.beam";
    private static final int MAX_QUERY_TERMS = 256;

    private final Path location;
    private final String model;
    private final int dimension;
    private final LuceneStoreOptions options;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Directory directory;
    private IndexWriter writer; // null when read-only
    private volatile SearcherManager searchers;
    private boolean closed;

    private LuceneChunkStore(Path location, String model, int dimension, LuceneStoreOptions options, Directory directory) {
        this.location = location;
        this.model = model;
        this.dimension = dimension;
        this.options = options;
        this.directory = directory;
    }

    /**
     * Opens the index at {@code dir} for writing, creating it (and the folder) when there is none.
     *
     * @throws RagException when the index was built with another model or dimension, when {@code dir} holds
     *                      other files but no index, or when another process is writing to it
     */
    public static LuceneChunkStore open(Path dir, String model, int dimension, LuceneStoreOptions options) {
        try {
            Files.createDirectories(dir);
            Directory directory = FSDirectory.open(dir);
            var store = new LuceneChunkStore(dir, model, dimension, options, directory);
            try {
                boolean exists = DirectoryReader.indexExists(directory);
                if (exists) store.checkModel(SegmentInfos.readLatestCommit(directory).getUserData());
                else if (hasOtherFiles(dir)) throw new RagException("refusing to create an index in " + dir
                        + ": the folder holds other files (choose an empty or new folder)");
                store.openWriter(exists);
                return store;
            } catch (RuntimeException | IOException e) {
                store.closeQuietly();
                throw e;
            }
        } catch (LockObtainFailedException e) {
            throw new RagException("index " + dir + " is being written by another process (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new RagException("cannot open index " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing index for searching only.
     *
     * @throws RagException when there is no index at {@code dir} or it was built with another model
     */
    public static LuceneChunkStore openReadOnly(Path dir, String model, int dimension) {
        if (!Files.isDirectory(dir)) throw new RagException("no index at " + dir + " (run an ingest first)");
        try {
            Directory directory = FSDirectory.open(dir);
            var store = new LuceneChunkStore(dir, model, dimension, LuceneStoreOptions.defaults(), directory);
            try {
                if (!DirectoryReader.indexExists(directory))
                    throw new RagException("no index at " + dir + " (run an ingest first)");
                store.checkModel(SegmentInfos.readLatestCommit(directory).getUserData());
                store.searchers = new SearcherManager(directory, null);
                return store;
            } catch (RuntimeException | IOException e) {
                store.closeQuietly();
                throw e;
            }
        } catch (IOException e) {
            throw new RagException("cannot open index " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The embedding model an index at {@code dir} was built with, read from its last commit without opening it;
     * empty when there is no index there.
     *
     * @throws RagException when the folder holds an index that is not a Cairn index, or cannot be read
     */
    public static java.util.Optional<String> recordedModel(Path dir) {
        if (!Files.isDirectory(dir)) return java.util.Optional.empty();
        try (Directory directory = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(directory)) return java.util.Optional.empty();
            String m = SegmentInfos.readLatestCommit(directory).getUserData().get(MODEL);
            if (m == null) throw new RagException("index " + dir + " is not a Cairn index (no embedding model recorded)");
            return java.util.Optional.of(m);
        } catch (IOException e) {
            throw new RagException("cannot read index " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasOtherFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME));
        }
    }

    private void checkModel(Map<String, String> data) {
        String m = data.get(MODEL);
        String d = data.get(DIMENSION);
        if (m == null || d == null) throw new RagException("index " + location + " is not a Cairn index (no embedding model recorded)");
        if (!String.valueOf(Schema.VERSION).equals(data.get(SCHEMA)))
            throw new RagException("index " + location + " has schema " + data.get(SCHEMA) + ", this Cairn reads schema "
                    + Schema.VERSION + ": rebuild it into a new folder");
        if (!m.equals(model) || Integer.parseInt(d) != dimension)
            throw new RagException("index " + location + " was built with embedding model " + m + " (" + d
                    + " dimensions), not " + model + " (" + dimension + " dimensions): use that model, or rebuild into a new folder");
    }

    private void openWriter(boolean exists) throws IOException {
        var config = new IndexWriterConfig(analyzer)
                .setCodec(Schema.codec(options))
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64)
                .setCommitOnClose(false);
        writer = new IndexWriter(directory, config);
        if (!exists) {
            writer.setLiveCommitData(commitData().entrySet());
            writer.commit();
        }
        searchers = new SearcherManager(writer, null);
    }

    private Map<String, String> commitData() {
        var data = new LinkedHashMap<String, String>();
        data.put(MODEL, model);
        data.put(DIMENSION, String.valueOf(dimension));
        data.put(SCHEMA, String.valueOf(Schema.VERSION));
        data.put(VECTOR_FORMAT, options.vectorFormat().name());
        data.put(HNSW_M, String.valueOf(options.hnswM()));
        data.put(HNSW_BEAM, String.valueOf(options.beamWidth()));
        return data;
    }

    @Override
    public synchronized void commit(List<DocumentUpdate> updates, Collection<String> deletedPaths) {
        if (writer == null) throw new RagException("index " + location + " is open read-only");
        for (DocumentUpdate u : updates)
            for (float[] v : u.vectors())
                if (v.length != dimension)
                    throw new RagException(u.path() + ": a vector has " + v.length + " dimensions, index " + location
                            + " holds " + dimension);
        try {
            for (String path : deletedPaths) writer.deleteDocuments(new Term(Schema.PATH, path));
            for (DocumentUpdate u : updates) writer.updateDocuments(new Term(Schema.PATH, u.path()), Schema.documents(u));
            writer.setLiveCommitData(commitData().entrySet());
            writer.commit();
        } catch (IOException | RuntimeException e) {
            rollback();
            throw new RagException("writing index " + location + " failed and was rolled back to its last commit: "
                    + e.getMessage(), e);
        }
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new RagException("refreshing the readers of index " + location + " failed: " + e.getMessage(), e);
        }
    }

    /** Drops uncommitted changes and reopens the writer at the last commit. */
    private void rollback() {
        try {
            SearcherManager old = searchers;
            writer.rollback();
            openWriter(true);
            old.close();
        } catch (IOException | RuntimeException e) {
            closed = true;
            throw new RagException("index " + location + " could not be reopened after a failed write: " + e.getMessage(), e);
        }
    }

    @Override
    public StoreInfo info() {
        return withSearcher(s -> {
            var data = new LinkedHashMap<>(SegmentInfos.readLatestCommit(directory).getUserData());
            data.keySet().removeIf(k -> k.equals(MODEL) || k.equals(DIMENSION));
            return new StoreInfo(location.toString(), model, dimension, s.count(Schema.isFile()), s.count(Schema.isChunk()), data);
        });
    }

    @Override
    public Map<String, String> documentHashes() {
        return withSearcher(s -> {
            var out = new HashMap<String, String>();
            int n = s.count(Schema.isFile());
            if (n == 0) return out;
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : s.search(Schema.isFile(), n).scoreDocs) {
                var d = stored.document(sd.doc);
                out.put(d.get(Schema.PATH), d.get(Schema.HASH));
            }
            return out;
        });
    }

    @Override
    public List<ScoredChunk> vectorSearch(float[] query, int k, MetadataFilter filter) {
        if (query.length != dimension)
            throw new RagException("query vector has " + query.length + " dimensions, index " + location + " holds " + dimension);
        if (k <= 0) return List.of();
        var q = new KnnFloatVectorQuery(Schema.VECTOR, query, Math.max(k, options.efSearch()), Schema.filterQuery(filter));
        // Lucene scores cosine as (1 + cos) / 2; report the cosine itself
        return search(q, k, score -> 2.0 * score - 1.0);
    }

    @Override
    public List<ScoredChunk> textSearch(String query, int k, MetadataFilter filter) {
        var terms = analyze(query);
        if (terms.isEmpty() || k <= 0) return List.of();
        var text = new BooleanQuery.Builder();
        var context = new BooleanQuery.Builder();
        for (String t : terms) {
            text.add(new TermQuery(new Term(Schema.TEXT, t)), BooleanClause.Occur.SHOULD);
            context.add(new TermQuery(new Term(Schema.CONTEXT, t)), BooleanClause.Occur.SHOULD);
        }
        var q = new BooleanQuery.Builder()
                .add(text.build(), BooleanClause.Occur.SHOULD)
                .add(new BoostQuery(context.build(), options.contextBoost()), BooleanClause.Occur.SHOULD)
                .add(Schema.isChunk(), BooleanClause.Occur.FILTER)
                .setMinimumNumberShouldMatch(1); // with FILTER clauses present, SHOULD alone would be optional
        Schema.addFilter(q, filter);
        return search(q.build(), k, score -> score);
    }

    @Override
    public boolean hasSearchTerms(String query) {
        return !analyzeText(query).isEmpty();
    }

    /**
     * Words of a question that say what kind of answer is wanted, not what it is about. BM25 drops them from a
     * query that has other words: otherwise a chunk full of "when" or "my" outranks the answer, and in hybrid
     * search such noise outvotes a good vector match. Lucene's English stop set does not cover them.
     */
    static final Set<String> QUESTION_WORDS = Set.of("how", "what", "when", "where", "which", "who", "whom", "whose",
            "why", "do", "does", "did", "done", "can", "could", "should", "would", "must", "shall", "may", "might",
            "i", "me", "my", "mine", "we", "us", "our", "you", "your", "am", "has", "have", "had", "get", "got",
            "much", "many", "some", "any", "please", "tell", "explain", "about", "there", "here");

    /** The analyzed, distinct terms of a query without its question words (unless that leaves nothing). */
    private LinkedHashSet<String> analyze(String query) {
        var content = new StringBuilder();
        for (String w : query.split("[^\\p{L}\\p{N}'_.-]+"))
            if (!w.isEmpty() && !QUESTION_WORDS.contains(w.toLowerCase(java.util.Locale.ROOT))) content.append(w).append(' ');
        var terms = analyzeText(content.toString());
        return terms.isEmpty() ? analyzeText(query) : terms;
    }

    /** The analyzed, distinct terms of a text; empty when it has only stop words or punctuation. */
    private LinkedHashSet<String> analyzeText(String text) {
        var terms = new LinkedHashSet<String>();
        try (TokenStream ts = analyzer.tokenStream(Schema.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) terms.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private List<ScoredChunk> search(Query q, int k, java.util.function.DoubleUnaryOperator scale) {
        return withSearcher(s -> {
            ScoreDoc[] hits = s.search(q, k).scoreDocs;
            // load in doc id order, so consecutive hits in one compressed block decompress it once
            Integer[] byDoc = new Integer[hits.length];
            for (int i = 0; i < hits.length; i++) byDoc[i] = i;
            java.util.Arrays.sort(byDoc, java.util.Comparator.comparingInt(i -> hits[i].doc));
            StoredFields stored = s.storedFields();
            var out = new ScoredChunk[hits.length];
            for (int i : byDoc) out[i] = new ScoredChunk(Schema.chunk(stored.document(hits[i].doc)), scale.applyAsDouble(hits[i].score));
            return List.of(out);
        });
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        return withSearcher(s -> {
            var out = new HashMap<String, float[]>();
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            for (String id : chunkIds) {
                ScoreDoc[] hit = s.search(new TermQuery(new Term(Schema.ID, id)), 1).scoreDocs;
                if (hit.length == 0) continue;
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit[0].doc, leaves));
                FloatVectorValues values = leaf.reader().getFloatVectorValues(Schema.VECTOR);
                if (values == null) continue;
                KnnVectorValues.DocIndexIterator it = values.iterator();
                int doc = hit[0].doc - leaf.docBase;
                if (it.advance(doc) == doc) out.put(id, values.vectorValue(it.index()).clone());
            }
            return out;
        });
    }

    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherFunction<T> f) {
        SearcherManager manager = searchers;
        if (closed || manager == null) throw new RagException("index " + location + " is closed");
        try {
            if (writer == null) manager.maybeRefresh();
            IndexSearcher s = manager.acquire();
            try {
                return f.apply(s);
            } finally {
                manager.release(s);
            }
        } catch (IOException e) {
            throw new RagException("reading index " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (searchers != null) searchers.close();
            if (writer != null) writer.close();
            directory.close();
        } catch (IOException e) {
            throw new RagException("closing index " + location + " failed: " + e.getMessage(), e);
        } finally {
            analyzer.close();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
