package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class PrefixCacheTest {
    private static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.fixture("models/stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static final String SYSTEM = "Once upon a time, there was a little girl named Lily. She loved to play outside"
            + " in the park with her friends. One day, she saw a big red ball under a tree.";

    @Test
    void sharedPrefixIsCopiedNotComputedAndGivesTheSameLogits() {
        for (KvCacheType type : KvCacheType.values()) {
            PrefixCache cache = new PrefixCache(1 << 20);
            int[] first = model.encode(SYSTEM + " She said");
            int[] second = model.encode(SYSTEM + " Her mom");
            int common = Numerics.commonPrefix(first, second);
            assertTrue(common > 30 && common < first.length && common < second.length);

            Session a = model.newSession(200, type);
            cache.prompt(a, first);
            assertEquals(first.length, a.computedTokens());
            assertEquals(1, cache.size());

            Session b = model.newSession(200, type);
            float[] cached = cache.prompt(b, second).clone();
            assertEquals(second.length - common, b.computedTokens(), "only the part after the shared prefix is computed");
            assertEquals(second.length, b.position());
            float[] computed = model.newSession(200, type).prompt(second);
            // the same up to summation order (the suffix is computed in other batches than the whole prompt)
            assertTrue(Numerics.relativeL2(cached, computed) < 1e-5, type + ": " + Numerics.relativeL2(cached, computed));
            assertEquals(new PrefixCache.Stats(1, common), cache.stats());

            // continuing after a restored prefix: the same tokens as without the cache
            assertArrayEquals(model.newSession(200, type).greedy(second, 30, -1), greedyFrom(b, cached, 30));
        }
    }

    private static int[] greedyFrom(Session s, float[] logits, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Ops.argmax(logits);
            if (i + 1 < n) logits = s.next(out[i]);
        }
        return out;
    }

    @Test
    void generatorWithCacheGeneratesTheSameAndReusesTheSystemPrompt() {
        PrefixCache cache = new PrefixCache(1 << 20);
        Generator cached = Generator.of(model).withPrefixCache(cache);
        for (String question : new String[] {" She said", " Her mom", " The ball", " She said"}) {
            var request = GenerationRequest.of(model.encode(SYSTEM + question)).withSampling(Sampler.Settings.greedy()).withMaxTokens(40);
            Generation plain = model.generate(request, p -> {});
            Generation withCache = cached.generate(request, p -> {});
            assertArrayEquals(plain.tokens(), withCache.tokens(), question);
            assertTrue(Numerics.relativeL2(plain.promptLogits(), withCache.promptLogits()) < 1e-5, question);
        }
        assertEquals(3, cache.stats().hits());
        // the repeated prompt reuses all of itself but its last token
        assertTrue(cache.stats().reusedTokens() >= 3L * model.encode(SYSTEM).length - 3);
    }

    @Test
    void evictsLeastRecentlyUsedWithinItsSize() {
        int[] a = model.encode(SYSTEM + " She said"), b = model.encode("The dog ran to the park to find a stick and a ball to play with all day");
        Session s = model.newSession(100, KvCacheType.F32);
        s.prompt(a);
        long bytesOfA = (long) a.length * 0; // measured below from the cache itself
        PrefixCache probe = new PrefixCache(Long.MAX_VALUE);
        probe.prompt(model.newSession(100, KvCacheType.F32), a);
        bytesOfA = probe.bytes();
        assertTrue(bytesOfA > 0);

        PrefixCache cache = new PrefixCache(bytesOfA + 1);
        cache.prompt(model.newSession(100, KvCacheType.F32), a);
        cache.prompt(model.newSession(100, KvCacheType.F32), b);
        assertEquals(1, cache.size(), "a was evicted to make room for b");
        assertTrue(cache.bytes() <= bytesOfA + 1);
        Session again = model.newSession(100, KvCacheType.F32);
        cache.prompt(again, a);
        assertEquals(a.length, again.computedTokens(), "a is no longer cached");
        // a session of the other KV type does not reuse F32 entries
        Session f16 = model.newSession(100, KvCacheType.F16);
        cache.prompt(f16, Arrays.copyOf(a, a.length));
        assertEquals(a.length, f16.computedTokens());
        assertThrows(LlmException.class, () -> new PrefixCache(0));
    }
}
