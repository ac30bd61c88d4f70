package dev.cairn.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Logits and greedy continuations against llama.cpp (fixtures/reference). For float32 weights the two
 * implementations agree to about 2e-6 (relative L2 of the last logits). For other types llama.cpp rounds the
 * activations (to F16/BF16, or to 8-bit blocks for quantized weights) and we do not, so the error is that
 * rounding's: measured 1e-3 (F16), 1e-2 (BF16), 1.6e-2 to 5.3e-2 (quantized); fixtures/README.md measured
 * the same gap between llama.cpp and itself on dequantized weights.
 */
class ReferenceTest {
    private static final int EOS = 2;

    /** Measured on 2026-11-23 (max over the two prompts): see the class comment. */
    @ParameterizedTest(name = "{0}: relative L2 ≤ {1}")
    @CsvSource({
            "stories260K, 1e-5", "syn-llama-f32, 1e-5", "syn-qwen2-f32, 1e-5", "syn-qwen3-f32, 1e-5",
            "syn-qwen3moe-f32, 1e-5", "syn-gemma3-f32, 1e-5",
            "llama-2-tiny-random, 5e-4", "syn-llama-f16, 2e-3", "syn-llama-bf16, 1.5e-2",
            "syn-llama-q8_0, 3.5e-2", "syn-llama-q4_0, 4e-2", "syn-llama-q4_1, 3.5e-2", "syn-llama-q5_0, 3.5e-2",
            "syn-llama-q5_1, 3.5e-2", "syn-llama-q2_k, 5e-2", "syn-llama-q3_k, 5e-2", "syn-llama-q4_k, 6.5e-2",
            "syn-llama-q4_k_m, 6.5e-2", "syn-llama-q5_k, 6e-2", "syn-llama-q6_k, 6e-2", "syn-llama-iq4_nl, 3.5e-2",
            "syn-llama-iq4_xs, 6e-2", "syn-qwen2-q8_0, 3.5e-2", "syn-qwen3-q8_0, 3e-2", "syn-qwen3moe-q8_0, 3.5e-2",
            "syn-gemma3-q8_0, 1.2e-2"})
    void lastLogitsMatchLlamaCpp(String name, double bound) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                float[] logits = model.newSession(c.promptTokens().length).prompt(c.promptTokens());
                double error = Numerics.relativeL2(logits, c.lastLogits());
                assertTrue(error <= bound, name + " '" + c.prompt() + "': relative L2 " + error + " > " + bound);
                // the tokens llama.cpp would pick first are the ones we pick, wherever the top two are far apart
                int ours = Ops.argmax(logits), theirs = Ops.argmax(c.lastLogits());
                if (ours != theirs) {
                    float gap = c.lastLogits()[theirs] - c.lastLogits()[ours];
                    assertTrue(gap < 0.05f * Math.abs(c.lastLogits()[theirs]) + 0.1f,
                            name + " '" + c.prompt() + "': picked " + ours + " over " + theirs + " with a reference gap of " + gap);
                }
            }
        }
    }

    /**
     * With activations rounded as llama.cpp rounds them before each matrix product, the quantized kernels agree
     * with llama.cpp's to float rounding: every decoded weight and every sum is the same. Not listed, because
     * llama.cpp takes other paths there that this rounding does not reproduce (measured with rounding): Q4_1
     * and Q5_1 (their activation blocks carry a rounded sum; 2.9e-2), Q5_K (1.9e-2), the 9-token prompt of
     * Q4_0 (1.1e-2) and Gemma 3 Q8_0 (8e-3), and F16/BF16 matrices wide enough for llama.cpp's float32 GEMM
     * (5.6e-4, 2.5e-3). The rounding makes the result sensitive to the last bit of every sum (now and then one
     * lands on the other side of a rounding boundary, and Qwen3-MoE's router amplifies that), so these sessions
     * use the scalar kernels, whose float results are the same on every machine.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"llama-2-tiny-random", "syn-llama-q8_0", "syn-llama-q5_0", "syn-llama-iq4_nl", "syn-llama-q2_k",
            "syn-llama-q3_k", "syn-llama-q4_k", "syn-llama-q4_k_m", "syn-llama-q6_k", "syn-llama-iq4_xs",
            "syn-qwen2-q8_0", "syn-qwen3-q8_0", "syn-qwen3moe-q8_0"})
    void withLlamaCppRoundingQuantizedKernelsAgreeExactly(String name) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                float[] logits = model.newSessionRoundingLikeLlamaCpp(c.promptTokens().length).prompt(c.promptTokens());
                double error = Numerics.relativeL2(logits, c.lastLogits());
                assertTrue(error <= 1e-5, name + " '" + c.prompt() + "': relative L2 " + error);
            }
        }
    }

    /** Where llama.cpp's continuation is exactly comparable, ours is the same, token for token. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"stories260K", "syn-llama-f32", "syn-qwen2-f32", "syn-qwen3-f32", "syn-qwen3moe-f32", "syn-gemma3-f32"})
    void greedyContinuationMatches(String name) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                int[] ours = model.newSession(c.promptTokens().length + c.greedyTokens().length)
                        .greedy(c.promptTokens(), c.greedyTokens().length, EOS);
                assertArrayEquals(c.greedyTokens(), ours, name + " '" + c.prompt() + "'");
            }
        }
    }

    /** A prompt computed in batches (each weight row read once for 32 tokens) gives the logits of feeding it token by token. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"syn-llama-f32", "syn-llama-bf16", "syn-llama-q8_0", "syn-llama-q4_1", "syn-llama-q5_1", "syn-llama-q3_k",
            "syn-llama-q4_k_m", "syn-llama-q5_k", "syn-llama-iq4_xs", "syn-qwen2-q8_0", "syn-gemma3-q8_0"})
    void batchedPromptEqualsTokenByToken(String name) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            int[] tokens = ref.cases().get(1).promptTokens();
            int[] longer = new int[Session.BATCH + tokens.length]; // spans two batches
            for (int i = 0; i < longer.length; i++) longer[i] = tokens[i % tokens.length];
            for (int[] prompt : new int[][] {tokens, longer}) {
                float[] batched = model.newSession(prompt.length).prompt(prompt).clone();
                Session s = model.newSession(prompt.length);
                float[] stepped = null;
                for (int t : prompt) stepped = s.next(t);
                assertTrue(Numerics.relativeL2(batched, stepped) < 1e-5, name + ": " + Numerics.relativeL2(batched, stepped));
            }
        }
    }

    @Test
    void sessionsAreIndependentAndBounded() {
        Reference ref = Reference.load("stories260K");
        Reference.Case c = ref.cases().getFirst();
        try (Model model = Model.load(ref.modelPath())) {
            assertEquals("llama", model.architecture());
            assertEquals(512, model.vocabularySize());
            Session a = model.newSession(c.promptTokens().length);
            Session b = model.newSession(16);
            b.prompt(ref.cases().get(1).promptTokens());
            float[] logits = a.prompt(c.promptTokens()).clone();
            assertTrue(Numerics.relativeL2(logits, c.lastLogits()) < 1e-5);
            assertEquals(c.promptTokens().length, a.position());
            var full = assertThrows(LlmException.class, () -> a.next(1));
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            var badToken = assertThrows(LlmException.class, () -> b.next(512));
            assertTrue(badToken.getMessage().contains("512"), badToken.getMessage());
        }
    }
}
