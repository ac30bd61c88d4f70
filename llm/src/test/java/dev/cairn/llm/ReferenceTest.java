package dev.cairn.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Logits and greedy continuations against llama.cpp (fixtures/reference). For float32 weights the two
 * implementations agree to about 2e-6 (relative L2 of the last logits). For other types llama.cpp rounds the
 * activations (to F16/BF16, or to 8-bit blocks for quantized weights) and we do not, so the error is that
 * rounding's: measured 1e-3 (F16), 1e-2 (BF16), 1.6e-2 to 5.3e-2 (quantized); fixtures/README.md measured
 * the same gap between llama.cpp and itself on dequantized weights. The bounds are met in float32
 * everywhere but llama-2-tiny-random (1e-4), BF16 (1e-2), Q4_K and Q4_K_M (6e-2), and the argmax everywhere
 * but Q4_0 and IQ4_NL: those are checked with the activations rounded as llama.cpp rounds them.
 */
class ReferenceTest {
    private static final int EOS = 2;

    /**
     * The tolerances: 1e-4 for float32 weights (stories260K, the syn-*-f32 models, and llama-2-tiny-random,
     * whose F16 weights llama.cpp multiplies with F16-rounded activations), 1e-2 for F16/BF16, 6e-2 for quantized
     * types; the argmax identical. Computed in float32 ({@code f32}) except where that misses the bound and the
     * session that rounds activations as llama.cpp does ({@code rounded}) meets it. Measured in float32 (max over
     * the two prompts): 2e-6 for float32 weights, 2.7e-4 llama-2-tiny-random, 1e-3 F16, 1.5e-2 BF16, 1.6e-2 to
     * 5.3e-2 quantized but 6.5e-2 for Q4_K and Q4_K_M; rounded: 1.5e-6 llama-2-tiny-random, 2.5e-3 BF16, below 1e-5
     * Q4_K and Q4_K_M. In float32 the argmax differs where the reference's top two are close: Q4_0 on the 9-token
     * prompt (32 for llama.cpp's 135) and IQ4_NL on 'Once upon a time' (157 for 148); rounded, both agree.
     */
    @ParameterizedTest(name = "{0} ({1}): relative L2 ≤ {2}")
    @CsvSource({
            "stories260K, f32, 1e-4", "syn-llama-f32, f32, 1e-4", "syn-qwen2-f32, f32, 1e-4", "syn-qwen3-f32, f32, 1e-4",
            "syn-qwen3moe-f32, f32, 1e-4", "syn-gemma3-f32, f32, 1e-4", "llama-2-tiny-random, rounded, 1e-4",
            "syn-llama-f16, f32, 1e-2", "syn-llama-bf16, rounded, 1e-2",
            "syn-llama-q8_0, f32, 6e-2", "syn-llama-q4_0, rounded, 6e-2", "syn-llama-q4_1, f32, 6e-2", "syn-llama-q5_0, f32, 6e-2",
            "syn-llama-q5_1, f32, 6e-2", "syn-llama-q2_k, f32, 6e-2", "syn-llama-q3_k, f32, 6e-2", "syn-llama-q4_k, rounded, 6e-2",
            "syn-llama-q4_k_m, rounded, 6e-2", "syn-llama-q5_k, f32, 6e-2", "syn-llama-q6_k, f32, 6e-2", "syn-llama-iq4_nl, rounded, 6e-2",
            "syn-llama-iq4_xs, f32, 6e-2", "syn-qwen2-q8_0, f32, 6e-2", "syn-qwen3-q8_0, f32, 6e-2", "syn-qwen3moe-q8_0, f32, 6e-2",
            "syn-gemma3-q8_0, f32, 6e-2"})
    void lastLogitsMatchLlamaCpp(String name, String mode, double bound) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                int n = c.promptTokens().length;
                Session session = mode.equals("rounded") ? model.newSessionRoundingLikeLlamaCpp(n) : model.newSession(n);
                float[] logits = session.prompt(c.promptTokens());
                double error = Numerics.relativeL2(logits, c.lastLogits());
                assertTrue(error <= bound, name + " '" + c.prompt() + "': relative L2 " + error + " > " + bound);
                assertEquals(Ops.argmax(c.lastLogits()), Ops.argmax(logits), name + " '" + c.prompt() + "': argmax");
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

    /**
     * Q4_0, Q4_K and Q6_K matrices are repacked for the integer kernels ({@link Repacked}), which round the
     * activations as llama.cpp does for these types: plain sessions (the vector kernels, prompt in one batch) then
     * agree with llama.cpp to float rounding, as the scalar kernels on rounded activations do above: relative L2
     * 1.4e-6 to 1.6e-6 (in float32, before: up to 6.5e-2). Not Q4_0, where llama.cpp's own path differs from this
     * rounding (9.8e-3 and 1.1e-2, as with the scalar kernels; see above).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"syn-llama-q4_k", "syn-llama-q4_k_m", "syn-llama-q6_k"})
    void repackedWeightsAgreeWithLlamaCppToFloatRounding(String name) {
        assumeTrue(Repacked.ENABLED, "no 16-lane float vectors on this machine: the weights are not repacked");
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                float[] logits = model.newSession(c.promptTokens().length).prompt(c.promptTokens());
                double error = Numerics.relativeL2(logits, c.lastLogits());
                assertTrue(error <= 1e-5, name + " '" + c.prompt() + "': relative L2 " + error);
                assertEquals(Ops.argmax(c.lastLogits()), Ops.argmax(logits), name + " '" + c.prompt() + "': argmax");
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
                // the same sums in a different order: Q8_0's decode kernel adds even and odd blocks in two chains,
                // the batched path in one (Gemma 3's Q8_0 model differs by 1.9e-5 since that change, the rest < 1e-5)
                assertTrue(Numerics.relativeL2(batched, stepped) < 5e-5, name + ": " + Numerics.relativeL2(batched, stepped));
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
