package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel warm-up runs a tiny model of the real one's tensor types on its own thread and ends by itself; the
 * real model computes the same tokens while it runs (the compute pool is shared) and after it.
 */
class WarmupTest {

    @ParameterizedTest
    @ValueSource(strings = {"syn-llama-q8_0", "syn-llama-q4_k_m", "syn-gemma3-q8_0", "stories260K"})
    void endsByItselfAndLeavesTheModelUnchanged(String file) {
        try (Model model = Model.load(Fixtures.fixture("models/" + file + ".gguf"))) {
            int[] prompt = {1, 5, 9, 2};
            int[] before = model.newSession(16).greedy(prompt, 6, -1);

            Warmup warmup = Warmup.start(model, KvCacheType.F32);
            int[] during = model.newSession(16).greedy(prompt, 6, -1);
            assertTrue(warmup.await(60, TimeUnit.SECONDS), "the warm-up ends by itself");
            int[] after = model.newSession(16).greedy(prompt, 6, -1);

            assertTrue(warmup.rounds() >= 1, "the tiny model ran: " + warmup.rounds() + " rounds");
            assertTrue(warmup.nanos() > 0);
            assertArrayEquals(before, during);
            assertArrayEquals(before, after);
        }
    }
}
