package dev.cairn.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cairn against LangChain4j's own in-process models (ONNX Runtime + DJL's Rust tokenizers) on the same ONNX files:
 * every text's cosine similarity must be at least 0.9999 and every text's token count must be equal. Texts that
 * LangChain4j rejects (no tokens: empty, whitespace-only) must be texts Cairn finds empty too, and get Cairn's
 * documented vector for them: the embedding of the special tokens alone.
 */
class ParityTest {
    static final double MIN_COSINE = 0.9999;

    static List<String> texts() {
        List<String> texts = new ArrayList<>(TestTexts.edgeCases());
        List<String> questions = TestTexts.squadQuestions();
        for (int i = 0; i < questions.size(); i += questions.size() / 70) texts.add(questions.get(i));
        List<String> contexts = TestTexts.squadContexts();
        for (int i = 0; i < contexts.size(); i += contexts.size() / 60) texts.add(contexts.get(i));
        for (int i = 0; i + 3 < 60; i += 4) { // well over 512 tokens
            texts.add(String.join("\n\n", contexts.subList(i, i + 4)));
        }
        for (String c : contexts.subList(100, 110)) texts.add(c.substring(0, Math.min(c.length(), 77)));
        return texts;
    }

    @Test
    void bgeSmallMatchesLangChain4j() {
        check(BuiltInModel.BGE_SMALL_EN_V15, new BgeSmallEnV15EmbeddingModel());
    }

    @Test
    void allMiniLmQuantizedMatchesLangChain4j() {
        check(BuiltInModel.ALL_MINILM_L6_V2_Q, new AllMiniLmL6V2QuantizedEmbeddingModel());
    }

    private static void check(BuiltInModel model, EmbeddingModel oracle) {
        List<String> texts = texts();
        assertTrue(texts.size() >= 200, "at least 200 texts, got " + texts.size());
        try (OnnxEmbeddingService cairn = OnnxEmbeddingService.builder().model(model).build()) {
            long t0 = System.nanoTime();
            List<float[]> ours = cairn.embedPassages(texts);
            long t1 = System.nanoTime();
            float[] emptyVector = cairn.embedPassages(List.of("")).getFirst();
            double min = Double.POSITIVE_INFINITY;
            String worst = null;
            int compared = 0, rejected = 0, truncated = 0;
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                Response<Embedding> theirs;
                try {
                    theirs = oracle.embed(text);
                } catch (IllegalArgumentException e) { // "Cannot embed empty or whitespace-only text"
                    rejected++;
                    assertArrayEquals(emptyVector, ours.get(i), 1e-6f, "Cairn's vector for a text without tokens: " + show(text));
                    continue;
                }
                compared++;
                double cos = cosine(ours.get(i), theirs.content().vector());
                int ourTokens = tokens(cairn, text);
                if (ourTokens >= model.maxSequenceLength - 2) truncated++;
                if (cos < min) {
                    min = cos;
                    worst = text;
                }
                if (cos < MIN_COSINE || ourTokens != theirs.tokenUsage().inputTokenCount()) {
                    failures.add(String.format("cos %.6f, tokens %d vs LangChain4j %d: %s", cos, ourTokens,
                            theirs.tokenUsage().inputTokenCount(), show(text)));
                }
            }
            System.out.printf("parity %s: Cairn %d ms, LangChain4j %d ms%n", model.modelName(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            System.out.printf("parity %s: %d texts compared (%d at the %d-token limit), %d rejected by LangChain4j, "
                            + "min cosine %.9f (%s)%n", model.modelName(), compared, truncated,
                    model.maxSequenceLength, rejected, min, show(worst));
            if (!failures.isEmpty()) fail(failures.size() + " texts differ:\n" + String.join("\n", failures));
            assertTrue(compared >= 200, "compared " + compared);
            assertTrue(truncated >= 10, "long texts compared: " + truncated);
        }
    }

    private static int tokens(OnnxEmbeddingService service, String text) {
        return Math.min(service.countTokens(text), service.config().maxSequenceLength() - 2);
    }

    static double cosine(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static String show(String text) {
        if (text == null) return "-";
        String s = text.length() > 60 ? text.substring(0, 60) + "... (" + text.length() + " chars)" : text;
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}
