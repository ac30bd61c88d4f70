package dev.cairn.llm;

import java.util.List;
import java.util.Objects;

/**
 * What to generate: a prompt already in tokens ({@link Model#encode} for raw text, {@link Model#chatPrompt} for a
 * conversation), at most {@code maxTokens} tokens sampled with {@code sampling}, stopping early at a stop token
 * of the model or at any of the {@code stop} strings (which are not emitted). {@code bestOf} above 1 generates
 * that many completions (seeds {@code seed}, {@code seed + 1}, ...) and keeps the one with the highest mean
 * log-probability per sampled token (under the model's own distribution, temperature 1); the listener then gets
 * the chosen text in one piece at the end, since no completion can be streamed before all are done.
 * {@code stopTokens} adds token ids that end generation to the model's own ({@link Model#isStopToken}).
 * {@code cancellation} is checked before every token.
 */
public record GenerationRequest(int[] promptTokens, int maxTokens, Sampler.Settings sampling, List<String> stop,
                                List<Integer> stopTokens, int bestOf, Cancellation cancellation) {
    public GenerationRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(cancellation, "cancellation");
        stop = List.copyOf(stop);
        stopTokens = List.copyOf(stopTokens);
        if (promptTokens.length == 0) throw new LlmException("an empty prompt has no next token");
        if (maxTokens < 0) throw new LlmException("max tokens must be >= 0, not " + maxTokens);
        if (bestOf < 1) throw new LlmException("best-of must be >= 1, not " + bestOf);
        for (String s : stop) if (s.isEmpty()) throw new LlmException("a stop string cannot be empty");
    }

    /** {@code promptTokens} with 256 tokens at most, llama.cpp's default sampling (seed 0), no stop strings. */
    public static GenerationRequest of(int... promptTokens) {
        return new GenerationRequest(promptTokens, 256, Sampler.Settings.defaults(0), List.of(), List.of(), 1, new Cancellation());
    }

    public GenerationRequest withMaxTokens(int maxTokens) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }

    public GenerationRequest withSampling(Sampler.Settings sampling) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }

    public GenerationRequest withStop(List<String> stop) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }

    public GenerationRequest withStopTokens(List<Integer> stopTokens) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }

    public GenerationRequest withBestOf(int bestOf) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }

    public GenerationRequest withCancellation(Cancellation cancellation) {
        return new GenerationRequest(promptTokens, maxTokens, sampling, stop, stopTokens, bestOf, cancellation);
    }
}
