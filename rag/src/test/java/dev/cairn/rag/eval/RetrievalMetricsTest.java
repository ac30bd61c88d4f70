package dev.cairn.rag.eval;

import dev.cairn.rag.Chunk;
import dev.cairn.rag.Passage;
import dev.cairn.rag.Retriever;
import dev.cairn.rag.SearchRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class RetrievalMetricsTest {

    @Test
    void handComputedValues() {
        // ranks 1, 2, 4, not found, 11 (outside the top 10)
        var m = RetrievalMetrics.of(List.of(1, 2, 4, 0, 11), List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertEquals(5, m.queries());
        assertEquals(0.2, m.hit1(), 1e-12);
        assertEquals(0.4, m.hit3(), 1e-12);
        assertEquals(0.6, m.hit5(), 1e-12);
        assertEquals(0.6, m.hit10(), 1e-12);
        assertEquals((1 + 0.5 + 0.25) / 5, m.mrr10(), 1e-12);                // 0.35
        // 1/log2(2) + 1/log2(3) + 1/log2(5) = 1 + 0.6309297536 + 0.4306765581
        assertEquals(2.0616063117 / 5, m.ndcg10(), 1e-9);
        assertEquals(3.0, m.latencyMs(), 1e-12);
    }

    @Test
    void rankTenCountsRankElevenDoesNot() {
        var m = RetrievalMetrics.of(List.of(10, 11), List.of(0.0, 0.0));
        assertEquals(0.5, m.hit10(), 1e-12);
        assertEquals(0.0, m.hit5(), 1e-12);
        assertEquals(0.05, m.mrr10(), 1e-12);
        assertEquals(0.5 / (Math.log(11) / Math.log(2)), m.ndcg10(), 1e-12);
    }

    @Test
    void emptyAndMismatched() {
        assertEquals(0, RetrievalMetrics.of(List.of(), List.of()).queries());
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.of(List.of(1), List.of()));
    }

    @Test
    void suffixMatchingAndFirstRelevantRank() {
        var c = new QaCase("how?", List.of("docs/b.md", "c.html"));
        assertTrue(c.isRelevant("/home/x/docs/b.md"));
        assertTrue(c.isRelevant("C:\\x\\docs\\b.md"));
        assertFalse(c.isRelevant("/home/x/docs/b.md.bak"));
        List<Passage> ranked = List.of(passage("/r/a.md"), passage("/r/docs/b.md"), passage("/r/c.html"));
        assertEquals(2, Evaluation.firstRelevant(c, ranked));
        assertEquals(0, Evaluation.firstRelevant(new QaCase("q", List.of("z.md")), ranked));

        Retriever fixed = new Retriever() {
            public String name() { return "fixed"; }
            public List<Passage> retrieve(SearchRequest r) { return ranked.subList(0, Math.min(r.k(), ranked.size())); }
        };
        var e = Evaluation.run(fixed, List.of(c, new QaCase("q2", List.of("a.md")), new QaCase("q3", List.of("c.html"))), 2);
        assertEquals(List.of(2, 1, 0), e.firstRanks()); // c.html is third, outside k = 2
        assertEquals(2.0 / 3, e.metrics().hit3(), 1e-12);
        assertEquals((0.5 + 1) / 3, e.metrics().mrr10(), 1e-12);
    }

    private static Passage passage(String path) {
        return new Passage(new Chunk(path, 0, "markdown", "", List.of(), "x", 0, 1, 0, Set.of()), 1, Map.of(), Map.of());
    }
}
