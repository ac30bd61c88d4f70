package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GenerationTest {
    private static Model model;
    private static Reference ref;

    @BeforeAll
    static void load() {
        ref = Reference.load("stories260K");
        model = Model.load(ref.modelPath());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest request(String prompt) {
        return GenerationRequest.of(model.encode(prompt));
    }

    @Test
    void greedyGenerationIsLlamaCppsContinuation() {
        for (Reference.Case c : ref.cases()) {
            List<String> pieces = new ArrayList<>();
            Generation g = model.generate(request(c.prompt()).withSampling(Sampler.Settings.greedy())
                    .withMaxTokens(c.greedyTokens().length), pieces::add);
            assertArrayEquals(c.greedyTokens(), g.tokens());
            assertArrayEquals(c.promptTokens(), g.promptTokens());
            assertEquals(String.join("", pieces), g.text());
            assertEquals(model.tokenizer().decode(c.greedyTokens()).strip(), g.text().strip());
            assertEquals(Generation.FinishReason.LENGTH, g.finishReason());
            assertEquals(c.promptTokens().length, g.usage().promptTokens());
            assertEquals(c.greedyTokens().length, g.usage().generatedTokens());
            assertTrue(g.usage().prefillNanos() > 0 && g.usage().decodeTokensPerSecond() > 0);
            assertTrue(Numerics.relativeL2(g.promptLogits(), c.lastLogits()) < 1e-5);
        }
    }

    @Test
    void sameSeedSameText() {
        var settings = Sampler.Settings.defaults(1234);
        String a = model.generate(request("Once upon a time").withSampling(settings).withMaxTokens(40), t -> {}).text();
        String b = model.generate(request("Once upon a time").withSampling(settings).withMaxTokens(40), t -> {}).text();
        assertEquals(a, b);
        boolean differs = false;
        for (long seed = 1; seed < 6 && !differs; seed++) {
            differs = !a.equals(model.generate(request("Once upon a time").withSampling(settings.withSeed(seed))
                    .withMaxTokens(40), t -> {}).text());
        }
        assertTrue(differs, "other seeds should give other stories");
    }

    @Test
    void stopStringsAcrossTokensAreNotEmitted() {
        var greedy = request("Once upon a time").withSampling(Sampler.Settings.greedy()).withMaxTokens(32);
        String full = model.generate(greedy, t -> {}).text(); // ", there was a little girl named Lily. She loved..."
        assertTrue(full.contains("little girl named Lily."), full);
        List<String> pieces = new ArrayList<>();
        Generation g = model.generate(greedy.withStop(List.of("girl nam", "zzz")), pieces::add);
        assertEquals(full.substring(0, full.indexOf("girl nam")), g.text());
        assertEquals(g.text(), String.join("", pieces));
        assertEquals(Generation.FinishReason.STOP, g.finishReason());
        assertTrue(g.tokens().length < 32);
    }

    @Test
    void stopTokensEndGeneration() {
        int eos = model.tokenizer().specialIds().eos();
        assertTrue(model.isStopToken(eos));
        assertFalse(model.isStopToken(1)); // BOS, which stories260K emits between stories, does not stop (as llama.cpp)
        assertFalse(model.isStopToken(403));
        Reference.Case c = ref.cases().getFirst();
        int stopAt = 8, token = c.greedyTokens()[stopAt]; // first seen at index 8
        var r = request(c.prompt()).withSampling(Sampler.Settings.greedy()).withMaxTokens(32).withStopTokens(List.of(token));
        Generation g = model.generate(r, t -> {});
        assertEquals(Generation.FinishReason.STOP, g.finishReason());
        assertArrayEquals(java.util.Arrays.copyOf(c.greedyTokens(), stopAt), g.tokens());
        assertEquals(stopAt + 1, g.usage().generatedTokens()); // the stop token was sampled, not emitted
    }

    @Test
    void cancellationStopsBeforeTheNextToken() {
        Cancellation cancel = new Cancellation();
        int[] calls = {0};
        Generation g = model.generate(request("Once upon a time").withCancellation(cancel).withMaxTokens(100), t -> {
            if (++calls[0] == 3) cancel.cancel();
        });
        assertEquals(Generation.FinishReason.CANCELLED, g.finishReason());
        assertTrue(g.tokens().length <= 5, g.tokens().length + " tokens");
    }

    @Test
    void maxTokensAndContextOverflow() {
        Generation g = model.generate(request("Once upon a time").withMaxTokens(3), t -> {});
        assertEquals(3, g.tokens().length);
        assertEquals(Generation.FinishReason.LENGTH, g.finishReason());
        assertEquals(0, model.generate(request("Once upon a time").withMaxTokens(0), t -> {}).tokens().length);
        int[] tooLong = new int[model.contextLength()];
        java.util.Arrays.fill(tooLong, 403);
        var e = assertThrows(LlmException.class, () -> model.generate(GenerationRequest.of(tooLong), t -> {}));
        assertTrue(e.getMessage().contains("context"), e.getMessage());
        // a generation that reaches the end of the context stops there
        int[] nearlyFull = java.util.Arrays.copyOf(tooLong, model.contextLength() - 4);
        Generation atEnd = model.generate(GenerationRequest.of(nearlyFull).withMaxTokens(50)
                .withSampling(Sampler.Settings.greedy().withPenalties(1.3f, 0, 0, 64)), t -> {});
        assertEquals(Generation.FinishReason.LENGTH, atEnd.finishReason());
        assertTrue(atEnd.tokens().length <= 5); // the last one sampled needs no room in the cache
    }

    @Test
    void bestOfKeepsTheMostLikelyCompletion() {
        var r = request("Once upon a time").withSampling(new Sampler.Settings(1.5f, 0, 1f, 0f, 7)).withMaxTokens(12);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            Generation one = model.generate(r.withSampling(r.sampling().withSeed(7 + i)), t -> {});
            best = Math.max(best, one.meanLogProb());
        }
        List<String> pieces = new ArrayList<>();
        Generation g = model.generate(r.withBestOf(4), pieces::add);
        assertEquals(best, g.meanLogProb(), 1e-9);
        assertEquals(List.of(g.text()), pieces);
        assertTrue(g.usage().generatedTokens() >= 4 * g.tokens().length / 2);
    }
}
