package dev.cairn.llm;

import dev.cairn.gguf.GgmlType;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SynthTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16"})
    void tinyModelHasThePresetsShapesAndFiniteLogits(String type) {
        Synth.Preset p = Synth.preset("tiny");
        Path file = dir.resolve("tiny.gguf");
        Synth.write(p, Synth.type(type), null, 7, file);
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals("llama", g.metadata().getString("general.architecture"));
            assertEquals(p.dim(), g.metadata().getInt("llama.embedding_length"));
            assertEquals("no_vocab", g.metadata().getString("tokenizer.ggml.model"));
            GgufTensorInfo emb = g.findTensor("token_embd.weight").orElseThrow();
            assertArrayEquals(new long[] {p.dim(), p.vocab()}, emb.shape());
            assertEquals(GgmlType.valueOf(type), emb.type());
            assertArrayEquals(new long[] {p.ffn(), p.dim()}, g.findTensor("blk.1.ffn_down.weight").orElseThrow().shape());
            assertArrayEquals(new long[] {p.dim(), 2 * 64}, g.findTensor("blk.0.attn_k.weight").orElseThrow().shape());
            assertEquals(GgmlType.F32, g.findTensor("blk.0.attn_norm.weight").orElseThrow().type());
            assertTrue(g.findTensor("output.weight").isEmpty(), "tied output");
        }
        try (Model m = Model.load(file)) {
            assertEquals(p.vocab(), m.vocabularySize());
            Session s = m.newSession(16);
            float[] logits = s.prompt(1, 2, 3, 500, 1023);
            double sumSquares = 0;
            for (float v : logits) {
                assertTrue(Float.isFinite(v), "finite logits");
                sumSquares += v * v;
            }
            double rms = Math.sqrt(sumSquares / logits.length);
            assertTrue(rms > 0.1 && rms < 100, "logits of a sensible scale, rms " + rms);
            for (int i = 0; i < 8; i++) for (float v : s.next(Ops.argmax(logits))) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        Synth.Preset p = Synth.preset("TINY");
        Path a = dir.resolve("a.gguf"), b = dir.resolve("b.gguf"), c = dir.resolve("c.gguf");
        Synth.write(p, GgmlType.Q4_K, null, 1, a);
        Synth.write(p, GgmlType.Q4_K, null, 1, b);
        Synth.write(p, GgmlType.Q4_K, null, 2, c);
        assertEquals(-1, Files.mismatch(a, b));
        assertNotEquals(-1, Files.mismatch(a, c));
        assertEquals(Files.size(a), Files.size(c));
    }

    @Test
    void llamaPresetHasLlama32Shape() {
        Synth.Preset p = Synth.preset("llama-3.2-1b");
        assertEquals(2048, p.dim());
        assertEquals(16, p.layers());
        assertEquals(32, p.heads());
        assertEquals(8, p.kvHeads());
        assertEquals(8192, p.ffn());
        assertEquals(128256, p.vocab());
        float[] f = Synth.llama3RopeFactors(p);
        assertEquals(32, f.length);
        assertEquals(1f, f[0]); // high frequencies unscaled
        assertEquals(32f, f[31]); // low frequencies scaled by the factor
    }

    @Test
    void badNamesAndMismatchedVocabulariesAreNamed() {
        assertTrue(assertThrows(LlmException.class, () -> Synth.preset("gpt-9")).getMessage().contains("llama-3.2-1b"));
        assertTrue(assertThrows(LlmException.class, () -> Synth.type("Q3_K")).getMessage().contains("Q4_K"));
        Path vocab = dev.cairn.core.Fixtures.shared("fixtures/tokenizers/ggml-vocab-llama3.gguf");
        LlmException e = assertThrows(LlmException.class,
                () -> Synth.write(Synth.preset("tiny"), GgmlType.Q8_0, vocab, 1, dir.resolve("x.gguf")));
        assertTrue(e.getMessage().contains("128256 tokens") && e.getMessage().contains("1024"), e.getMessage());
    }
}
