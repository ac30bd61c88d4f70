package dev.cairn.llm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The F16 KV cache against llama.cpp's references (computed with an F32 cache, so {@link ReferenceTest} uses F32
 * sessions). Rounding keys and values to half precision moves the last logits of the float32-weight models by a
 * relative L2 of 1.1e-4 to 5.5e-4 (measured over both prompts of each; with an F32 cache 1.4e-6 to 6.8e-6), and
 * syn-llama-q8_0's from 2.56e-2 to 2.56e-2 (the activation rounding dominates). So F16 sessions are held to 2e-3
 * for float32 weights (the 1e-4 holds for F32 caches only; F16 is llama.cpp's own default cache type, with
 * errors of this size) and to the quantized types' 6e-2; the argmax must not change.
 */
class KvCacheTest {

    @ParameterizedTest(name = "{0}: relative L2 ≤ {1}")
    @CsvSource({"stories260K, 2e-3", "syn-llama-f32, 2e-3", "syn-qwen2-f32, 2e-3", "syn-qwen3-f32, 2e-3",
            "syn-gemma3-f32, 2e-3", "syn-qwen3moe-f32, 2e-3", "syn-llama-q8_0, 6e-2"})
    void f16CacheStaysCloseToLlamaCpp(String name, double bound) {
        Reference ref = Reference.load(name);
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                Session s = model.newSession(c.promptTokens().length, KvCacheType.F16);
                assertEquals(KvCacheType.F16, s.kvCacheType());
                float[] logits = s.prompt(c.promptTokens());
                double error = Numerics.relativeL2(logits, c.lastLogits());
                assertTrue(error <= bound, name + " '" + c.prompt() + "': relative L2 " + error + " > " + bound);
                assertEquals(Ops.argmax(c.lastLogits()), Ops.argmax(logits), name + ": argmax");
            }
        }
    }

    @Test
    void f16CacheGivesStories260KsGreedyContinuation() {
        Reference ref = Reference.load("stories260K");
        try (Model model = Model.load(ref.modelPath())) {
            for (Reference.Case c : ref.cases()) {
                int[] ours = model.newSession(c.promptTokens().length + c.greedyTokens().length, KvCacheType.F16)
                        .greedy(c.promptTokens(), c.greedyTokens().length, 2);
                assertArrayEquals(c.greedyTokens(), ours, c.prompt());
            }
        }
    }

    /** Past one page of 256 positions, both types agree with each other and the cache grows a page at a time. */
    @Test
    void longSequencesSpanPagesAndGrowLazily() {
        Reference ref = Reference.load("stories260K");
        try (Model model = Model.load(ref.modelPath())) {
            Session f32 = model.newSession(600, KvCacheType.F32), f16 = model.newSession(600, KvCacheType.F16);
            assertEquals(0, f16.kvCacheBytes());
            int[] prompt = ref.cases().getFirst().promptTokens();
            int[] a = f32.greedy(prompt, 400, -1), b = f16.greedy(prompt, 400, -1);
            assertTrue(Numerics.commonPrefix(a, b) >= 200, "F16 and F32 agree on " + Numerics.commonPrefix(a, b) + " tokens");
            // 2 pages of 256 positions, 5 layers, 4 KV heads of 8 for keys and for values
            assertEquals(2L * 256 * 5 * (32 + 32) * 2, f16.kvCacheBytes());
            assertEquals(2 * f16.kvCacheBytes(), f32.kvCacheBytes());
            Session small = model.newSession(20, KvCacheType.F16);
            small.reserve(1000);
            assertEquals(20L * 5 * (32 + 32) * 2, small.kvCacheBytes(), "a page is cut to the capacity");
            assertEquals(KvCacheType.F16, model.newSession(KvCacheType.F16_FROM_CAPACITY).kvCacheType());
            assertEquals(KvCacheType.F32, model.newSession(KvCacheType.F16_FROM_CAPACITY - 1).kvCacheType());
            assertEquals(KvCacheType.F16, KvCacheType.parse("f16"));
            assertTrue(assertThrows(LlmException.class, () -> KvCacheType.parse("q8")).getMessage().contains("f16 or f32"));
        }
    }
}
