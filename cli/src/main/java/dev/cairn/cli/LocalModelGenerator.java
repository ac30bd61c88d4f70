package dev.cairn.cli;

import dev.cairn.llm.Generation;
import dev.cairn.llm.GenerationRequest;
import dev.cairn.llm.Model;
import dev.cairn.llm.Sampler;
import dev.cairn.rag.answer.Generator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The built-in runtime behind rag's {@link Generator}: the grounded prompt goes in as one user message in the
 * model's chat template and the answer is decoded greedily (the same question over the same sources gives the
 * same answer). Pieces can be streamed to a listener as they come. The rag module never sees the llm module;
 * this adapter is where they meet.
 */
final class LocalModelGenerator implements Generator, AutoCloseable {
    private final Model model;
    private final int maxTokens;
    private final Consumer<String> listener;
    private Generation last;

    LocalModelGenerator(Path gguf, int maxTokens, Consumer<String> listener) {
        this.model = Model.load(gguf);
        this.maxTokens = maxTokens;
        this.listener = listener;
    }

    @Override
    public String generate(String prompt) {
        int[] tokens = model.chatPrompt(List.of(Map.of("role", "user", "content", prompt)), List.of());
        GenerationRequest request = GenerationRequest.of(tokens).withMaxTokens(maxTokens).withSampling(Sampler.Settings.greedy());
        last = model.generate(request, listener);
        return last.text();
    }

    /** The last generation, for usage numbers; null before the first. */
    Generation last() {
        return last;
    }

    @Override
    public void close() {
        model.close();
    }
}
