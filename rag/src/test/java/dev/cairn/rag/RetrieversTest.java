package dev.cairn.rag;

import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class RetrieversTest {
    @TempDir
    Path tmp;

    final HashingEmbedder emb = new HashingEmbedder();

    static Chunk chunk(String id) {
        return new Chunk("/" + id, 0, "text", "", List.of(), id, 0, id.length(), 0, Set.of());
    }

    /** A retriever that returns fixed ids in order, scored 10, 9, 8, ... */
    static Retriever fixed(String name, String... ids) {
        return new Retriever() {
            public String name() {
                return name;
            }

            public List<Passage> retrieve(SearchRequest r) {
                var out = new ArrayList<Passage>();
                for (int i = 0; i < ids.length && i < r.k(); i++)
                    out.add(new Passage(chunk(ids[i]), 10 - i, Map.of(name, 10.0 - i), Map.of(name, i + 1)));
                return out;
            }
        };
    }

    static List<String> names(List<Passage> ps) {
        return ps.stream().map(p -> p.chunk().text()).toList();
    }

    @Test
    void reciprocalRankFusionOrder() {
        var hybrid = HybridRetriever.of(fixed("vector", "a", "b", "c"), fixed("bm25", "c", "a", "d"));
        List<Passage> out = hybrid.retrieve(SearchRequest.of("q", 10));
        // a: 1/61 + 1/62, c: 1/63 + 1/61, b: 1/62, d: 1/63
        assertEquals(List.of("a", "c", "b", "d"), names(out));
        Passage a = out.getFirst();
        assertEquals(1.0 / 61 + 1.0 / 62, a.score(), 1e-12);
        assertEquals(Map.of("vector", 1, "bm25", 2, "rrf", 1), a.ranks());
        assertEquals(Set.of("vector", "bm25", "rrf"), a.scores().keySet());
        Passage d = out.getLast();
        assertEquals(Map.of("bm25", 3, "rrf", 4), d.ranks());

        assertEquals(List.of("a", "c"), names(hybrid.retrieve(SearchRequest.of("q", 2))));
        assertEquals(List.of("a", "c"), names(hybrid.retrieve(SearchRequest.of("q", 10).withMinScore(0.03))));
    }

    @Test
    void fusionTiesAndWeights() {
        var tie = HybridRetriever.of(fixed("vector", "x"), fixed("bm25", "y"));
        assertEquals(List.of("x", "y"), names(tie.retrieve(SearchRequest.of("q", 5))), "equal scores: the first component wins");
        var weighted = new HybridRetriever(List.of(fixed("vector", "x", "z"), fixed("bm25", "y", "z")), new double[] {1, 3}, 60, 50);
        assertEquals(List.of("z", "y", "x"), names(weighted.retrieve(SearchRequest.of("q", 5))));
    }

    LuceneChunkStore storeWith(String... texts) {
        var store = LuceneChunkStore.open(tmp.resolve("index"), emb.modelName(), emb.dimension(), LuceneStoreOptions.defaults());
        var updates = new ArrayList<DocumentUpdate>();
        for (int i = 0; i < texts.length; i++) {
            String path = "/docs/" + i + ".txt";
            var c = new Chunk(path, 0, "text", "", List.of(), texts[i], 0, texts[i].length(), 0, Set.of());
            updates.add(new DocumentUpdate(path, "h" + i, List.of(c), emb.embedPassages(List.of(c.embeddingText()))));
        }
        store.commit(updates, List.of());
        return store;
    }

    @Test
    void mmrTradesRedundancyForCoverage() {
        try (var store = storeWith(
                "apple banana cherry smoothie recipe",
                "apple banana cherry smoothie recipe easy",
                "apple banana cherry smoothie recipe quick",
                "apple orchard pruning in winter")) {
            var vector = StoreRetriever.vector(store, emb);
            var request = SearchRequest.of("apple banana cherry smoothie", 2);
            List<Passage> plain = vector.retrieve(request);
            assertTrue(plain.stream().allMatch(p -> p.text().contains("smoothie")), "plain top 2 are near-duplicates");

            List<Passage> diverse = new MmrRetriever(vector, store, 0.3, 10).retrieve(request);
            assertEquals(plain.getFirst().chunk().id(), diverse.getFirst().chunk().id(), "the most relevant passage stays first");
            assertEquals("apple orchard pruning in winter", diverse.get(1).text());
            assertEquals(Set.of("vector", "mmr"), diverse.get(1).scores().keySet());
            assertEquals(2, diverse.get(1).ranks().get("mmr"));

            List<Passage> same = new MmrRetriever(vector, store, 1.0, 10).retrieve(request);
            assertEquals(names(plain), names(same), "lambda 1 keeps the delegate's order");
        }
    }

    @Test
    void storeRetrieversScoreFilterAndThreshold() {
        try (var store = storeWith("rivers flow to the sea", "mountains rise above clouds", "rivers and mountains")) {
            var vector = StoreRetriever.vector(store, emb);
            var bm25 = StoreRetriever.bm25(store);
            List<Passage> v = vector.retrieve(SearchRequest.of("rivers flow sea", 3));
            assertEquals("rivers flow to the sea", v.getFirst().text());
            assertEquals(v.getFirst().score(), v.getFirst().scores().get("vector"));
            assertEquals(1, v.getFirst().ranks().get("vector"));
            for (int i = 1; i < v.size(); i++) assertTrue(v.get(i - 1).score() >= v.get(i).score());

            double cut = v.get(1).score() + 1e-6;
            assertEquals(1, vector.retrieve(SearchRequest.of("rivers flow sea", 3).withMinScore(cut)).size());

            List<Passage> b = bm25.retrieve(SearchRequest.of("mountains", 3));
            assertEquals(Set.of("mountains rise above clouds", "rivers and mountains"), Set.copyOf(names(b)));
            assertTrue(bm25.retrieve(SearchRequest.of("the and of", 3)).isEmpty());

            var hybrid = HybridRetriever.of(vector, bm25);
            List<Passage> h = hybrid.retrieve(SearchRequest.of("rivers mountains", 3).withFilter(MetadataFilter.pathPrefix("/docs/2")));
            assertEquals(List.of("rivers and mountains"), names(h));
            assertEquals(Set.of("vector", "bm25", "rrf"), h.getFirst().scores().keySet());
            assertEquals("/docs/2.txt", h.getFirst().citation());
        }
    }

    @Test
    void citationsNameTitleHeadingsAndPage() {
        var c = new Chunk("/docs/guide.pdf", 3, "pdf", "User Guide", List.of("Install", "Linux"), "text", 10, 14, 7, Set.of());
        var p = new Passage(c, 1, Map.of(), Map.of());
        assertEquals("/docs/guide.pdf › User Guide › Install › Linux (p. 7)", p.citation());
        assertEquals("User Guide > Install > Linux\n\ntext", c.embeddingText());
    }
}
