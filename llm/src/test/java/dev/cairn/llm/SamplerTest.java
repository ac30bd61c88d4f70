package dev.cairn.llm;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2.9f, -1f, 0f, 2f};

    private static int[] histogram(Sampler.Settings settings, float[] logits, int draws) {
        Sampler sampler = new Sampler(settings);
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) counts[sampler.sample(logits)]++;
        return counts;
    }

    @Test
    void greedyPicksTheMostLikely() {
        assertEquals(1, new Sampler(Sampler.Settings.greedy()).sample(LOGITS));
        assertEquals(1, new Sampler(new Sampler.Settings(1f, 1, 1f, 0f, 7)).sample(LOGITS));
    }

    @Test
    void drawsFollowTheSoftmax() {
        int[] counts = histogram(new Sampler.Settings(1f, 0, 1f, 0f, 42), LOGITS, 200_000);
        double sum = 0;
        for (float l : LOGITS) sum += Math.exp(l);
        for (int i = 0; i < LOGITS.length; i++) {
            assertEquals(Math.exp(LOGITS[i]) / sum, counts[i] / 200_000.0, 0.005, "token " + i);
        }
    }

    @Test
    void filtersKeepOnlyTheirCandidates() {
        int[] topK = histogram(new Sampler.Settings(1f, 2, 1f, 0f, 1), LOGITS, 10_000);
        assertEquals(10_000, topK[1] + topK[2]);
        // top-p 0.5: token 1 alone holds ~37%, with token 2 ~70% >= 0.5
        int[] topP = histogram(new Sampler.Settings(1f, 0, 0.5f, 0f, 1), LOGITS, 10_000);
        assertEquals(10_000, topP[1] + topP[2]);
        // min-p 0.5: tokens at least half as likely as the best (logit >= 3 - ln 2)
        int[] minP = histogram(new Sampler.Settings(1f, 0, 1f, 0.5f, 1), LOGITS, 10_000);
        assertEquals(10_000, minP[1] + minP[2]);
        int[] cold = histogram(new Sampler.Settings(0.05f, 0, 1f, 0f, 1), LOGITS, 1_000);
        assertTrue(cold[1] > 850, "temperature 0.05 should mostly pick the best: " + cold[1]);
    }

    @Test
    void seededSamplersReplay() {
        float[] logits = new float[32000];
        Random random = new Random(5);
        for (int i = 0; i < logits.length; i++) logits[i] = (float) random.nextGaussian() * 3;
        Sampler a = new Sampler(Sampler.Settings.defaults(99)), b = new Sampler(Sampler.Settings.defaults(99));
        for (int i = 0; i < 100; i++) assertEquals(a.sample(logits), b.sample(logits));
        // the default top-k 40 only ever returns one of the 40 best
        float[] sorted = logits.clone();
        java.util.Arrays.sort(sorted);
        float fortieth = sorted[sorted.length - 40];
        for (int i = 0; i < 200; i++) assertTrue(logits[a.sample(logits)] >= fortieth);
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThrows(LlmException.class, () -> new Sampler.Settings(-1f, 40, 0.9f, 0f, 1));
        assertThrows(LlmException.class, () -> new Sampler.Settings(1f, 40, 0f, 0f, 1));
        assertThrows(LlmException.class, () -> new Sampler.Settings(Float.NaN, 40, 0.9f, 0f, 1));
    }

    @Test
    void penaltiesAsLlamaCpp() {
        // greedy picks token 1 (logit 3); seen tokens are penalized, positive logits divided, negative multiplied
        float[] logits = {1f, 3f, 2.9f, -1f, 0f, 2f};
        Sampler repeat = new Sampler(Sampler.Settings.greedy().withPenalties(1.1f, 0f, 0f, 64));
        repeat.accept(1);
        assertEquals(2, repeat.sample(logits)); // 3 / 1.1 = 2.73 < 2.9
        assertEquals(3f, logits[1]); // the caller's logits are untouched

        // frequency: 3 - 2 * 0.3 = 2.4 < 2.9; presence once: 3 - 0.05 > 2.9
        Sampler frequency = new Sampler(Sampler.Settings.greedy().withPenalties(1f, 0f, 0.3f, 64));
        frequency.accept(1);
        frequency.accept(1);
        assertEquals(2, frequency.sample(logits));
        Sampler presence = new Sampler(Sampler.Settings.greedy().withPenalties(1f, 0.05f, 0f, 64));
        presence.accept(1);
        presence.accept(1);
        assertEquals(1, presence.sample(logits));

        // only the last n tokens count: token 1 fell out of a window of 2
        Sampler window = new Sampler(Sampler.Settings.greedy().withPenalties(2f, 0f, 0f, 2));
        window.accept(1);
        window.accept(4);
        window.accept(5);
        assertEquals(1, window.sample(logits));
        window.accept(1);
        assertEquals(2, window.sample(logits));

        // a negative logit is multiplied: token 3 goes from -1 to -2, below token 4 (-1.5)
        float[] negative = {-5f, -5f, -5f, -1f, -1.5f, -5f};
        Sampler neg = new Sampler(Sampler.Settings.greedy().withPenalties(2f, 0f, 0f, 64));
        neg.accept(3);
        assertEquals(4, neg.sample(negative));
        assertThrows(LlmException.class, () -> Sampler.Settings.greedy().withPenalties(0f, 0f, 0f, 64));
    }
}
