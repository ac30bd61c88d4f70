package dev.cairn.spring;

import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.rag.answer.Generator;

import java.util.List;
import java.util.Map;

/**
 * Cairn's runtime behind rag's {@link Generator}: the grounded prompt is one user message in the model's own
 * chat template, decoded greedily, so the same question over the same sources gets the same answer. Concurrent
 * calls run as independent generations (the model is shared, each has its own session).
 */
record LocalModelGenerator(Model model, int maxTokens) implements Generator {
    @Override
    public String generate(String prompt) {
        int[] tokens = model.chatPrompt(List.of(Map.of("role", "user", "content", prompt)), List.of());
        GenerationRequest request = GenerationRequest.of(tokens).withMaxTokens(maxTokens).withSampling(Sampler.Settings.greedy());
        return model.generate(request, piece -> { }).text();
    }
}
