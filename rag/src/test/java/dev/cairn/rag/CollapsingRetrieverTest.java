package dev.cairn.rag;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CollapsingRetrieverTest {
    /** Passages "path#ordinal" in the given order; records the k it was asked for. */
    static final class Fixed implements Retriever {
        final String[] ids;
        int askedK;

        Fixed(String... ids) {
            this.ids = ids;
        }

        public String name() {
            return "fixed";
        }

        public List<Passage> retrieve(SearchRequest r) {
            askedK = r.k();
            var out = new ArrayList<Passage>();
            for (int i = 0; i < ids.length && i < r.k(); i++) {
                String[] po = ids[i].split("#");
                String text = ids[i];
                var c = new Chunk(po[0], Integer.parseInt(po[1]), "text", "", List.of(), text, 0, text.length(), 0, Set.of());
                out.add(new Passage(c, 10 - i, Map.of("fixed", 10.0 - i), Map.of("fixed", i + 1)));
            }
            return out;
        }
    }

    static List<String> ids(List<Passage> ps) {
        return ps.stream().map(p -> p.chunk().id()).toList();
    }

    final Fixed ranked = new Fixed("a#0", "a#1", "b#0", "a#2", "c#0", "b#1", "d#0");

    @Test
    void onePerDocumentKeepsEachDocumentsBestPassageInOrder() {
        var r = new CollapsingRetriever(ranked, 1, 50);
        assertEquals(List.of("a#0", "b#0", "c#0"), ids(r.retrieve(SearchRequest.of("q", 3))));
        assertEquals(50, ranked.askedK, "asks the delegate for the candidates, not k");
        assertEquals(List.of("a#0", "b#0", "c#0", "d#0"), ids(r.retrieve(SearchRequest.of("q", 10))));
    }

    @Test
    void twoPerDocument() {
        var r = new CollapsingRetriever(ranked, 2, 50);
        assertEquals(List.of("a#0", "a#1", "b#0", "c#0", "b#1"), ids(r.retrieve(SearchRequest.of("q", 5))));
    }

    @Test
    void scoresAndRanksAreTheDelegates() {
        Passage c = new CollapsingRetriever(ranked, 1, 50).retrieve(SearchRequest.of("q", 3)).getLast();
        assertEquals(6.0, c.score());
        assertEquals(Map.of("fixed", 5), c.ranks());
    }

    @Test
    void candidatesAreAtLeastK() {
        new CollapsingRetriever(ranked, 1, 2).retrieve(SearchRequest.of("q", 4));
        assertEquals(4, ranked.askedK);
    }

    @Test
    void zeroMeansNoLimitAndBadArgumentsFail() {
        assertSame(ranked, CollapsingRetriever.of(ranked, 0));
        assertThrows(IllegalArgumentException.class, () -> CollapsingRetriever.of(ranked, -1));
        assertThrows(IllegalArgumentException.class, () -> new CollapsingRetriever(ranked, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> new CollapsingRetriever(ranked, 1, 0));
    }
}
