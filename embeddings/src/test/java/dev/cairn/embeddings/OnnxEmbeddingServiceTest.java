package dev.cairn.embeddings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxEmbeddingServiceTest {

    static List<String> mixedTexts(int n) {
        List<String> contexts = TestTexts.squadContexts();
        Random random = new Random(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = contexts.get(random.nextInt(contexts.size()));
            texts.add(c.substring(0, Math.min(c.length(), 5 + random.nextInt(300))));
        }
        return texts;
    }

    @Test
    void bgeIsTheDefaultWithItsSettings() {
        var bge = TestModels.bge();
        assertEquals("bge-small-en-v1.5", bge.modelName());
        assertEquals(384, bge.dimension());
        assertEquals(new ModelConfig("bge-small-en-v1.5", Pooling.CLS, true, 512,
                "Represent this sentence for searching relevant passages: ", ""), bge.config());
        assertTrue(bge.batched());
        assertEquals("bge-small-en-v1.5", BuiltInModel.DEFAULT.modelName());
    }

    @Test
    void miniLmSettingsAndItRunsOneTextAtATime() {
        var miniLm = TestModels.miniLm();
        assertEquals(new ModelConfig("all-minilm-l6-v2-q", Pooling.MEAN, true, 128, "", ""), miniLm.config());
        assertEquals(384, miniLm.dimension());
        assertFalse(miniLm.batched(), "a dynamically quantized model's results depend on the batch");
    }

    @Test
    void builtInLengthsAreTheirTokenizerJsonTruncation() throws Exception {
        for (BuiltInModel m : BuiltInModel.values()) {
            var dir = java.nio.file.Files.createTempDirectory("tok");
            var tok = TestModels.copyResource(m.tokenizerResource, dir.resolve("tokenizer.json"));
            Integer declared = DirectoryConfig.tokenizerTruncation(tok);
            // bge's tokenizer.json declares none: LangChain4j's tokenizer (DJL) then uses its default of 512
            assertEquals(declared == null ? 512 : declared, m.maxSequenceLength, m.modelName());
        }
    }

    @Test
    void batchedResultsAreInTheCallersOrderAndEqualSingleRuns() {
        var bge = TestModels.bge();
        List<String> texts = mixedTexts(24);
        long batchesBefore = bge.stats().batches();
        List<float[]> batched = bge.embedPassages(texts);
        assertTrue(bge.stats().batches() - batchesBefore < texts.size(), "texts share runs");
        for (int i = 0; i < texts.size(); i += 3) {
            float[] single = bge.embedPassages(List.of(texts.get(i))).getFirst();
            assertTrue(TestModels.cosine(single, batched.get(i)) > 0.99999, "text " + i);
        }
    }

    @Test
    void paddedPositionsAreCounted() {
        var bge = TestModels.bge();
        String shortText = "Normandy";
        String longText = "The Normans gave their name to Normandy, a region in France.";
        int longest = bge.countTokens(longText) + 2; // [CLS] and [SEP]
        assertTrue(bge.countTokens(shortText) + 2 < longest);
        EmbeddingStats before = bge.stats();
        bge.embedPassages(List.of(shortText, longText));
        EmbeddingStats after = bge.stats();
        assertEquals(1, after.batches() - before.batches(), "two short texts share a run");
        assertEquals(2L * longest, after.positions() - before.positions(), "both padded to the longer one");
    }

    @Test
    void vectorsAreUnitLength() {
        for (float[] v : TestModels.miniLm().embedPassages(List.of("one", "two words", "Три слова здесь"))) {
            double sum = 0;
            for (float x : v) sum += x * x;
            assertEquals(1.0, Math.sqrt(sum), 1e-5);
        }
    }

    @Test
    void queriesCarryTheModelsPrefix() {
        var bge = TestModels.bge();
        String q = "who were the normans?";
        float[] query = bge.embedQuery(q);
        float[] asPassage = bge.embedPassages(List.of(bge.config().queryPrefix() + q)).getFirst();
        assertArrayEquals(asPassage, query, 1e-5f);
        assertTrue(TestModels.cosine(query, bge.embedPassages(List.of(q)).getFirst()) < 0.99);
        assertEquals(2, bge.embedQueries(List.of(q, "a second one")).size());
    }

    @Test
    void longTextsAreTruncatedToTheModelsLimitAndCounted() {
        var miniLm = TestModels.miniLm();
        String longText = "The Normans gave their name to Normandy. ".repeat(60);
        assertTrue(miniLm.countTokens(longText) > 126);
        EmbeddingStats before = miniLm.stats();
        float[] whole = miniLm.embedPassages(List.of(longText)).getFirst();
        EmbeddingStats after = miniLm.stats();
        assertEquals(1, after.truncated() - before.truncated());
        assertEquals(126, after.tokens() - before.tokens(), "128 minus [CLS] and [SEP]");
        // whatever follows the limit is ignored
        float[] longer = miniLm.embedPassages(List.of(longText + " And then something else entirely.")).getFirst();
        assertArrayEquals(whole, longer, 1e-6f);
    }

    @Test
    void textsWithoutTokensGetTheSpecialTokensVector() {
        var miniLm = TestModels.miniLm();
        EmbeddingStats before = miniLm.stats();
        List<float[]> v = miniLm.embedPassages(List.of("", "   \t ", "\u0000"));
        assertEquals(3, miniLm.stats().empty() - before.empty());
        assertArrayEquals(v.get(0), v.get(1), 1e-6f);
        assertArrayEquals(v.get(0), v.get(2), 1e-6f);
        double sum = 0;
        for (float x : v.get(0)) sum += x * x;
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
        var bge = TestModels.bge();
        List<String> texts = mixedTexts(12);
        List<float[]> expected = bge.embedPassages(texts);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<float[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                List<String> shuffled = new ArrayList<>(texts);
                Collections.shuffle(shuffled, new Random(t));
                futures.add(pool.submit(() -> {
                    List<float[]> got = bge.embedPassages(shuffled);
                    List<float[]> inOriginalOrder = new ArrayList<>();
                    for (String text : texts) inOriginalOrder.add(got.get(shuffled.indexOf(text)));
                    return inOriginalOrder;
                }));
            }
            for (Future<List<float[]>> f : futures) {
                List<float[]> got = f.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertTrue(TestModels.cosine(expected.get(i), got.get(i)) > 0.99999, "text " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelRunsGiveTheSameVectors() {
        List<String> texts = mixedTexts(12);
        List<float[]> expected = TestModels.miniLm().embedPassages(texts);
        try (var twoRuns = OnnxEmbeddingService.builder().model("all-minilm-l6-v2-q").parallelism(2).build()) {
            List<float[]> got = twoRuns.embedPassages(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertTrue(TestModels.cosine(expected.get(i), got.get(i)) > 0.99999, "text " + i);
            }
            assertEquals(texts.size(), twoRuns.stats().texts());
        }
    }

    @Test
    void emptyListNullTextAndClosedServiceAreClearErrors() {
        var miniLm = TestModels.miniLm();
        var e = assertThrows(EmbeddingException.class, () -> miniLm.embedPassages(List.of()));
        assertEquals("nothing to embed: the list of texts is empty", e.getMessage());
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        e = assertThrows(EmbeddingException.class, () -> miniLm.embedPassages(withNull));
        assertEquals("text 2 of 3 is null", e.getMessage());

        var closed = OnnxEmbeddingService.load("all-minilm-l6-v2-q");
        closed.close();
        closed.close(); // idempotent
        e = assertThrows(EmbeddingException.class, () -> closed.embedQuery("hi"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
