package dev.cairn.embeddings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLS model with its last layer cut to the first token gives the vectors of the whole model. */
class FirstTokenPruningTest {

    @Test
    void bgeRunsItsLastLayerOnTheFirstTokenWithTheSameVectors() {
        var pruned = TestModels.bge();
        assertTrue(pruned.firstTokenOnly(), "bge-small-en-v1.5 has the BERT shape the pruning looks for");
        List<String> texts = new ArrayList<>(OnnxEmbeddingServiceTest.mixedTexts(40));
        texts.add("");
        texts.add(String.join(" ", TestTexts.squadContexts().subList(0, 6))); // > 512 tokens: truncated
        texts.add("Ünïcödé, 中文 and emoji 🙂 in one line.");
        try (var whole = OnnxEmbeddingService.builder().model(BuiltInModel.BGE_SMALL_EN_V15).firstTokenOnly(false).build()) {
            assertFalse(whole.firstTokenOnly());
            List<float[]> expected = whole.embedPassages(texts);
            List<float[]> got = pruned.embedPassages(texts);
            for (int i = 0; i < texts.size(); i++) {
                double cos = TestModels.cosine(expected.get(i), got.get(i));
                assertTrue(cos > 1 - 1e-6, "text " + i + ": cosine " + cos);
            }
        }
    }

    @Test
    void meanPooledModelsRunWhole() {
        assertFalse(TestModels.miniLm().firstTokenOnly(), "mean pooling reads every token");
    }

    @Test
    void modelsWithoutTheBertShapeAreLeftAlone() throws IOException {
        byte[] quantized;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(BuiltInModel.ALL_MINILM_L6_V2_Q.onnxResource)) {
            quantized = in.readAllBytes();
        }
        // its projections are MatMulInteger, not MatMul
        assertTrue(FirstTokenPruning.rewrite(quantized, "minilm").isEmpty());
        assertTrue(FirstTokenPruning.rewrite("not a model at all".getBytes(StandardCharsets.UTF_8), "junk").isEmpty());
        assertTrue(FirstTokenPruning.rewrite(new byte[0], "empty").isEmpty());
        byte[] cut = java.util.Arrays.copyOf(quantized, quantized.length / 2);
        assertTrue(FirstTokenPruning.rewrite(cut, "truncated").isEmpty());
    }

    @Test
    void theRewriteAddsOneGatherAndLeavesTheRestByteForByte() throws IOException {
        byte[] bge;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(BuiltInModel.BGE_SMALL_EN_V15.onnxResource)) {
            bge = in.readAllBytes();
        }
        byte[] rewritten = FirstTokenPruning.rewrite(bge, "bge").orElseThrow();
        var graph = graphOf(rewritten);
        long gathers = graph.stream().filter(f -> f.number() == 1)
                .filter(f -> f.message().stream().anyMatch(x -> x.number() == 4 && x.string().equals("Gather"))
                        && f.message().stream().anyMatch(x -> x.number() == 2 && x.string().equals("cairn_first_token")))
                .count();
        assertEquals(1, gathers);
        assertEquals(graphOf(bge).stream().filter(f -> f.number() == 1).count() + 1,
                graph.stream().filter(f -> f.number() == 1).count());
        assertEquals(bge.length, rewritten.length, 200, "only a node and an 8-byte initializer are added");
    }

    private static List<ProtoMessage.Field> graphOf(byte[] model) {
        return ProtoMessage.parse(model, 0, model.length).stream().filter(f -> f.number() == 7).findFirst()
                .orElseThrow().message();
    }
}
