package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

/** Speculative decoding gives plain decoding's output, token for token, whatever the draft proposes. */
class SpeculativeDecodingTest {

    /**
     * Target and draft of the same vocabulary: the model itself (every proposal right), a quantized copy of a
     * random-weight model (some right), and stories260K drafting for a random model (mostly wrong).
     */
    @ParameterizedTest(name = "{0} drafted by {1}, {2} tokens")
    @CsvSource({"stories260K, stories260K, 4", "syn-llama-f32, syn-llama-q4_0, 3", "syn-llama-f32, syn-llama-q8_0, 6",
            "syn-llama-f32, stories260K, 4"})
    void sameTokensAsPlainDecoding(String target, String draft, int k) {
        try (Model t = Model.load(Fixtures.fixture("models/" + target + ".gguf"));
             Model d = Model.load(Fixtures.fixture("models/" + draft + ".gguf"))) {
            int[] prompt = t.encode("Once upon a time, there was");
            for (Sampler.Settings s : new Sampler.Settings[] {Sampler.Settings.greedy(), Sampler.Settings.defaults(7),
                    Sampler.Settings.defaults(8).withPenalties(1.3f, 0.2f, 0.1f, 32)}) {
                GenerationRequest request = GenerationRequest.of(prompt).withSampling(s).withMaxTokens(60);
                Generation plain = t.generate(request, p -> {});
                StringBuilder streamed = new StringBuilder();
                Generation speculative = Generator.of(t).withDraft(d, k).generate(request, streamed::append);
                assertArrayEquals(plain.tokens(), speculative.tokens(), target + "/" + draft + " " + s);
                assertEquals(plain.text(), speculative.text());
                assertEquals(plain.text(), streamed.toString());
                assertEquals(plain.finishReason(), speculative.finishReason());
                assertEquals(plain.meanLogProb(), speculative.meanLogProb(), 1e-4);
            }
        }
    }

    @Test
    void perfectDraftComputesFewerPassesAndNothingTwice() {
        try (Model m = Model.load(Fixtures.fixture("models/stories260K.gguf"))) {
            int[] prompt = m.encode("Once upon a time");
            int max = 41, k = 4;
            Session target = m.newSession(prompt.length + max), draft = m.newSession(prompt.length + max);
            SpeculativeDecoder spec = new SpeculativeDecoder(target, draft, prompt, target.prompt(prompt).clone(), k);
            Sequence seq = new Sequence(m, GenerationRequest.of(prompt).withSampling(Sampler.Settings.greedy()).withMaxTokens(max),
                    Sampler.Settings.greedy(), p -> {});
            int token;
            while ((token = seq.step(spec.logits(), spec.room())) >= 0) spec.feed(token);
            assertEquals(max, seq.result().tokens().length);
            var stats = spec.stats();
            assertEquals(1.0, stats.acceptance());
            // 40 tokens fed after the first: one pass per k + 1 of them
            assertEquals(8, stats.rounds());
            assertTrue(target.computedTokens() <= prompt.length + 40 + k, "target computed " + target.computedTokens());
        }
    }

    @Test
    void draftOfAnotherVocabularyIsRefused() {
        try (Model t = Model.load(Fixtures.fixture("models/stories260K.gguf"));
             Model d = Model.load(Fixtures.fixture("models/llama-2-tiny-random.gguf"))) {
            var e = assertThrows(LlmException.class, () -> Generator.of(t).withDraft(d, 4));
            assertTrue(e.getMessage().contains("same tokenizer"), e.getMessage());
            var k = assertThrows(LlmException.class, () -> Generator.of(t).withDraft(t, 40));
            assertTrue(k.getMessage().contains("draft tokens"), k.getMessage());
        }
    }
}
