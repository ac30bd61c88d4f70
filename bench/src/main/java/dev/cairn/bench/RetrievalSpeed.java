package dev.cairn.bench;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.CollapsingRetriever;
import dev.cairn.rag.DocumentUpdate;
import dev.cairn.rag.HybridRetriever;
import dev.cairn.rag.MetadataFilter;
import dev.cairn.rag.Passage;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.ScoredChunk;
import dev.cairn.rag.SearchRequest;
import dev.cairn.rag.StoreRetriever;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Query latency (p50/p95) of vector and hybrid search, and HNSW recall@10 against exact search, on a 100,000-chunk
 * Lucene store at the default options ({@link LuceneStoreOptions#defaults()}), built in a temporary folder.
 *
 * <p>Text: sentence windows (1, 2, 3, ... sentences, stride 1) of BEIR SciFact abstracts and SQuAD 2.0 dev
 * contexts, one document per abstract or context, until there are {@code chunks}. Vectors: the real
 * 384-dimensional bge-small-en-v1.5 vectors of an existing index ({@code --real DIR}, e.g. the PostgreSQL docs index of
 * examples/eval) are used as they are for the first chunks; every further chunk gets
 * {@code normalize(r_a + 0.5 r_b + n)}, r_a and r_b random real vectors, n Gaussian noise of 0.02 per dimension.
 * So vectors and text are not paired: the text drives BM25, the vectors HNSW. Queries: SQuAD questions as text,
 * and as vectors {@code normalize(r + n)}, n of {@code --query-noise} (0.03) per dimension (near real vectors, not
 * in the store; 0.03 leaves a cosine of about 0.86 to r, 0.06 about 0.65, a harder case for HNSW). Query
 * embedding is not timed (a bge-small query costs some 10 to 20 ms more on 2 cores).
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -Xmx2g -cp "bench/target/benchmarks.jar:bench/target/lib/*" \
 *     dev.cairn.bench.RetrievalSpeed --real /tmp/pg [--chunks 100000] [--queries 1000] [--query-noise 0.03]
 * </pre>
 */
public final class RetrievalSpeed {
    private static final int K = 10;

    public static void main(String[] args) throws IOException {
        Map<String, String> o = options(args);
        Path real = Path.of(o.getOrDefault("real", "/tmp/pg"));
        int chunks = Integer.parseInt(o.getOrDefault("chunks", "100000"));
        int queries = Integer.parseInt(o.getOrDefault("queries", "1000"));
        Path data = Path.of(o.getOrDefault("data", "/work/shared/data"));
        float queryNoise = Float.parseFloat(o.getOrDefault("query-noise", "0.03"));
        var rnd = new Random(42);

        long t0 = System.nanoTime();
        List<float[]> base = realVectors(real);
        int dim = base.getFirst().length;
        System.out.printf("%,d real vectors (%d dimensions) from %s in %.1f s%n", base.size(), dim, real, secs(t0));

        List<Source> sources = sources(data);
        var ids = new ArrayList<String>(chunks);
        var vectors = new ArrayList<float[]>(chunks);
        var updates = new ArrayList<DocumentUpdate>();
        outer:
        for (int window = 1; ; window++) {
            for (Source s : sources) {
                if (s.sentences.size() < window) continue;
                var cs = new ArrayList<Chunk>();
                var vs = new ArrayList<float[]>();
                String path = s.path + "/w" + window;
                for (int i = 0; i + window <= s.sentences.size() && ids.size() < chunks; i++) {
                    String text = String.join(" ", s.sentences.subList(i, i + window));
                    var c = new Chunk(path, i, "text", s.title, List.of(), text, 0, text.length(), 0, Set.of());
                    float[] v = ids.size() < base.size() ? base.get(ids.size()) : mix(base, rnd, dim);
                    cs.add(c);
                    vs.add(v);
                    ids.add(c.id());
                    vectors.add(v);
                }
                if (!cs.isEmpty()) updates.add(new DocumentUpdate(path, path, cs, vs));
                if (ids.size() >= chunks) break outer;
            }
        }
        System.out.printf("%,d chunks in %,d documents from %,d sources%n", ids.size(), updates.size(), sources.size());

        Path dir = Files.createTempDirectory("cairn-retrieval-speed");
        try (var store = LuceneChunkStore.open(dir, "bench-vectors", dim, LuceneStoreOptions.defaults())) {
            t0 = System.nanoTime();
            for (int i = 0; i < updates.size(); i += 2000)
                store.commit(updates.subList(i, Math.min(updates.size(), i + 2000)), List.of());
            System.out.printf("indexed in %.1f s (%.0f chunks/s, HNSW M 16, beam 100, ef 100)%n", secs(t0), ids.size() / secs(t0));

            List<String> questions = questions(data, queries, rnd);
            var queryVectors = new HashMap<String, float[]>();
            for (String q : questions) queryVectors.put(q, noisy(base.get(rnd.nextInt(base.size())), rnd, queryNoise));

            Retriever vector = new Retriever() {
                public String name() {
                    return "vector";
                }

                public List<Passage> retrieve(SearchRequest r) {
                    var out = new ArrayList<Passage>();
                    for (ScoredChunk h : store.vectorSearch(queryVectors.get(r.query()), r.k(), r.filter()))
                        out.add(new Passage(h.chunk(), h.score(), Map.of("vector", h.score()), Map.of("vector", out.size() + 1)));
                    return out;
                }
            };
            Retriever bm25 = StoreRetriever.bm25(store);
            Retriever hybrid = HybridRetriever.of(vector, bm25);
            var modes = new LinkedHashMap<String, Retriever>();
            modes.put("vector", vector);
            modes.put("vector, 1 per document", CollapsingRetriever.of(vector, 1));
            modes.put("bm25", bm25);
            modes.put("hybrid", hybrid);
            modes.put("hybrid, 1 per document (default)", CollapsingRetriever.of(hybrid, 1));
            for (var m : modes.entrySet()) {
                for (int i = 0; i < Math.min(200, questions.size()); i++) m.getValue().retrieve(SearchRequest.of(questions.get(i), K));
                long[] ns = new long[questions.size()];
                for (int i = 0; i < ns.length; i++) {
                    long s = System.nanoTime();
                    m.getValue().retrieve(SearchRequest.of(questions.get(i), K));
                    ns[i] = System.nanoTime() - s;
                }
                Arrays.sort(ns);
                System.out.printf("%-34s top %d, %,d queries: p50 %.2f ms, p95 %.2f ms%n", m.getKey(), K, ns.length,
                        ns[ns.length / 2] / 1e6, ns[(int) Math.ceil(ns.length * 0.95) - 1] / 1e6);
            }

            t0 = System.nanoTime();
            var index = new HashMap<String, Integer>(ids.size() * 2);
            for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
            long found = 0;
            for (String q : questions) {
                float[] qv = queryVectors.get(q);
                float[] exact = new float[vectors.size()];
                for (int i = 0; i < exact.length; i++) exact[i] = dot(qv, vectors.get(i));
                float[] sorted = exact.clone();
                Arrays.sort(sorted);
                float tenth = sorted[sorted.length - K];
                for (ScoredChunk h : store.vectorSearch(qv, K, MetadataFilter.NONE)) {
                    if (exact[index.get(h.chunk().id())] >= tenth) found++; // ties at the 10th score count as true neighbours
                }
            }
            System.out.printf("HNSW recall@%d against exact search: %.4f (%,d queries, query noise %.2f, %.1f s)%n", K,
                    found / (double) (K * questions.size()), questions.size(), queryNoise, secs(t0));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Source(String path, String title, List<String> sentences) {}

    static List<Source> sources(Path data) throws IOException {
        var out = new ArrayList<Source>();
        var mapper = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(data.resolve("beir-scifact/corpus.jsonl"))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode n = mapper.readTree(line);
                out.add(new Source("scifact/" + n.get("_id").asString(), n.get("title").asString(), sentences(n.get("text").asString())));
            }
        }
        JsonNode squad = mapper.readTree(data.resolve("squad-v2-dev-cs224n/dev-v2.0.json").toFile());
        for (JsonNode article : squad.get("data")) {
            int p = 0;
            for (JsonNode para : article.get("paragraphs")) {
                String title = article.get("title").asString();
                out.add(new Source("squad/" + title + "/" + p++, title.replace('_', ' '), sentences(para.get("context").asString())));
            }
        }
        return out;
    }

    static List<String> questions(Path data, int n, Random rnd) {
        JsonNode squad = new ObjectMapper().readTree(data.resolve("squad-v2-dev-cs224n/dev-v2.0.json").toFile());
        var all = new ArrayList<String>();
        for (JsonNode article : squad.get("data"))
            for (JsonNode para : article.get("paragraphs"))
                for (JsonNode qa : para.get("qas")) all.add(qa.get("question").asString());
        java.util.Collections.shuffle(all, rnd);
        return List.copyOf(new java.util.LinkedHashSet<>(all)).subList(0, n);
    }

    static List<String> sentences(String text) {
        var out = new ArrayList<String>();
        for (String s : text.split("(?<=[.!?])\\s+")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    /** Every vector of the index at {@code dir}: paths from its document hashes, ordinals counted up from 0. */
    static List<float[]> realVectors(Path dir) {
        var out = new ArrayList<float[]>();
        try (var store = LuceneChunkStore.openReadOnly(dir, LuceneChunkStore.recordedModel(dir).orElseThrow(), 384)) {
            for (String path : new java.util.TreeSet<>(store.documentHashes().keySet())) {
                for (int from = 0; ; from += 64) {
                    var batch = new ArrayList<String>();
                    for (int i = from; i < from + 64; i++) batch.add(Chunk.id(path, i));
                    Map<String, float[]> vs = store.vectors(batch);
                    for (String id : batch) if (vs.containsKey(id)) out.add(vs.get(id));
                    if (vs.size() < 64) break;
                }
            }
        }
        return out;
    }

    static float[] mix(List<float[]> base, Random rnd, int dim) {
        float[] a = base.get(rnd.nextInt(base.size())), b = base.get(rnd.nextInt(base.size()));
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = a[i] + 0.5f * b[i] + 0.02f * (float) rnd.nextGaussian();
        return normalize(v);
    }

    static float[] noisy(float[] a, Random rnd, float sigma) {
        float[] v = new float[a.length];
        for (int i = 0; i < a.length; i++) v[i] = a[i] + sigma * (float) rnd.nextGaussian();
        return normalize(v);
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Map<String, String> options(String[] args) {
        var o = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return o;
    }
}
