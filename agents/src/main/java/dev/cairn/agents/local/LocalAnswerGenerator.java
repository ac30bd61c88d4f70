package dev.cairn.agents.local;

import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.rag.answer.AnswerGenerator;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The built-in runtime behind rag's {@link AnswerGenerator}: the grounded prompt is one user message in the model's
 * own chat template, decoded greedily, so the same question over the same sources gets the same answer. The rag
 * module never sees the llm module; this adapter is where they meet (for the CLI and the Spring starter alike).
 * Concurrent calls run as independent generations on the shared model. The caller owns and closes the model.
 */
public record LocalAnswerGenerator(Model model, int maxTokens) implements AnswerGenerator {
    public LocalAnswerGenerator {
        Objects.requireNonNull(model, "model");
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be at least 1, not " + maxTokens);
    }

    @Override
    public String generate(String prompt) {
        return generate(prompt, piece -> { }).text();
    }

    /** As {@link #generate(String)}, with each decoded piece given to {@code listener} as it comes, and usage numbers. */
    public Generation generate(String prompt, Consumer<String> listener) {
        int[] tokens = model.chatPrompt(List.of(Map.of("role", "user", "content", prompt)), List.of());
        GenerationRequest request = GenerationRequest.of(tokens).withMaxTokens(maxTokens).withSampling(Sampler.Settings.greedy());
        return model.generate(request, listener);
    }
}
