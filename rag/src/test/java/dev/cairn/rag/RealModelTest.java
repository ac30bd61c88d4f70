package dev.cairn.rag;

import dev.cairn.embeddings.OnnxEmbeddingService;
import dev.cairn.rag.lucene.LuceneChunkStore;
import dev.cairn.rag.lucene.LuceneStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ingest and retrieval with the real default model (bge-small-en-v1.5 on ONNX Runtime) over a small corpus
 * written here: questions that share almost no words with their answers must still find them, chunks cut with
 * the model's own token counter must never be truncated, and the index refuses another 384-dimension model.
 */
class RealModelTest {
    @TempDir
    Path tmp;

    static final Map<String, String> CORPUS = new LinkedHashMap<>();
    static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

    static {
        CORPUS.put("kettle.md", "# Descaling an electric kettle\n\nFill the kettle halfway with equal parts white vinegar "
                + "and water, bring it to the boil, leave it for an hour, then rinse it out several times.\n");
        CORPUS.put("bike.md", "# Fixing a flat tyre\n\nTake the wheel off, lever the tyre from the rim and pull out the "
                + "inner tube. Inflate it under water to find the hole, roughen the rubber, glue on a patch and refit.\n");
        CORPUS.put("sourdough.html", "<html><head><title>Sourdough starter</title></head><body><nav>Home | Recipes</nav>"
                + "<h1>Feeding your starter</h1><p>Once a day, discard half of it and add equal weights of flour and "
                + "water. Keep it at room temperature until it doubles.</p><footer>(c) Bakery</footer></body></html>");
        CORPUS.put("passwords.md", "# Choosing a passphrase\n\nString together four or more unrelated random words, "
                + "never reuse it on two sites, and keep it in a password manager.\n");
        CORPUS.put("tomatoes.txt", "Tomato plants want six to eight hours of direct sun. Water them deeply twice a "
                + "week at the base, and tie the stems to stakes as they grow.\n");
        CORPUS.put("tax.md", "# Filing deadlines\n\nIndividual federal income tax returns are due on April 15; an "
                + "extension moves the paperwork deadline to October but not the payment.\n");
        CORPUS.put("git.md", "# Undoing the last commit\n\nRun `git reset --soft HEAD~1`: the commit disappears from "
                + "the branch while its changes stay staged in the index.\n");
        CORPUS.put("cats.html", "<title>Cat care</title><aside>Ads</aside><h1>Sleep</h1><p>Cats doze twelve to "
                + "sixteen hours daily, mostly at dawn and dusk they are awake.</p>");
        QUESTIONS.put("how do I get limescale out of my water boiler?", "kettle.md");
        QUESTIONS.put("my bicycle has a puncture, how can I repair it", "bike.md");
        QUESTIONS.put("how often should the wild yeast culture for bread be fed", "sourdough.html");
        QUESTIONS.put("advice for making login credentials hard to guess", "passwords.md");
        QUESTIONS.put("how much sunlight does a vegetable garden with tomatoes need", "tomatoes.txt");
        QUESTIONS.put("when must I send my yearly earnings declaration to the IRS", "tax.md");
        QUESTIONS.put("revert my most recent change in version control but keep the edits", "git.md");
        QUESTIONS.put("how many hours a day do felines rest", "cats.html");
    }

    @Test
    void bgeSmallEndToEnd() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        for (var e : CORPUS.entrySet()) Files.writeString(docs.resolve(e.getKey()), e.getValue());
        var long_ = new StringBuilder("# Field guide\n\n");
        for (int s = 0; s < 2; s++) {
            long_.append("## Section ").append(s).append("\n\n");
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 9; i++)
                    long_.append("Observation ").append(s * 100 + p * 10 + i).append(" notes that migratory birds follow coastlines, rivers and ridges when the wind allows. ");
                long_.append("\n\n");
            }
        }
        Files.writeString(docs.resolve("birds.md"), long_);

        try (var model = OnnxEmbeddingService.load("bge-small-en-v1.5")) {
            // the budget covers what is embedded; the model adds [CLS] and [SEP] to its 512 tokens
            var chunker = new Chunker(510, 48, model::countTokens, model.modelName());
            Path index = tmp.resolve("index");
            try (var store = LuceneChunkStore.open(index, model.modelName(), model.dimension(), LuceneStoreOptions.defaults())) {
                long t0 = System.nanoTime();
                IngestReport r = new Ingestor(store, model, chunker, IngestOptions.defaults()).ingest(List.of(docs));
                System.out.printf(Locale.ROOT, "bge-small ingest: %s (%.1f s with model warm-up)%n", r.summary(), (System.nanoTime() - t0) / 1e9);
                assertEquals(9, r.added(), r.problems().toString());
                assertEquals(0, model.stats().truncated(), "no chunk exceeds the model's window");
                var again = new Ingestor(store, model, new Chunker(510, 48, model::countTokens, model.modelName()),
                        IngestOptions.defaults()).ingest(List.of(docs));
                assertEquals(9, again.unchanged(), "a new chunker with the same settings re-embeds nothing");
                assertTrue(r.chunks() > 9, "the long guide is split: " + r.chunks());
                for (ScoredChunk c : store.textSearch("migratory birds", 100, MetadataFilter.NONE))
                    assertTrue(model.countTokens(c.chunk().embeddingText()) <= 510, c.chunk().id());

                var vector = StoreRetriever.vector(store, model);
                var hybrid = HybridRetriever.of(vector, StoreRetriever.bm25(store));
                int vectorTop1 = 0, hybridTop1 = 0, hybridTop3 = 0;
                for (var q : QUESTIONS.entrySet()) {
                    List<Passage> v = vector.retrieve(SearchRequest.of(q.getKey(), 3));
                    List<Passage> h = hybrid.retrieve(SearchRequest.of(q.getKey(), 3));
                    if (v.getFirst().path().endsWith(q.getValue())) vectorTop1++;
                    if (h.getFirst().path().endsWith(q.getValue())) hybridTop1++;
                    if (h.stream().anyMatch(p -> p.path().endsWith(q.getValue()))) hybridTop3++;
                    else System.out.println("hybrid miss: " + q.getKey() + " -> " + h.stream().map(p -> p.path() + " " + p.ranks()).toList());
                }
                System.out.printf(Locale.ROOT, "bge-small paraphrase questions: vector hit@1 %d/8, hybrid hit@1 %d/8, hit@3 %d/8%n",
                        vectorTop1, hybridTop1, hybridTop3);
                assertEquals(8, vectorTop1);
                assertTrue(hybridTop1 >= 7, "hybrid hit@1 " + hybridTop1);
                assertEquals(8, hybridTop3);
            }
            try (var other = OnnxEmbeddingService.load("all-minilm-l6-v2-q")) {
                assertEquals(model.dimension(), other.dimension());
                var e = assertThrows(RagException.class, () -> LuceneChunkStore.openReadOnly(index, other.modelName(), other.dimension()));
                assertTrue(e.getMessage().contains("was built with embedding model bge-small-en-v1.5 (384 dimensions), not all-minilm-l6-v2-q"), e.getMessage());
            }
        }
    }
}
