package dev.cairn.rag.answer;

/**
 * What writes an answer from a {@link GroundedPrompt}'s text: the local runtime, a remote model, a test double.
 * The rag module does not depend on the llm module; the adapters that put a model behind this interface live where
 * the two meet (agents, server, spring). Not to be confused with {@code dev.cairn.llm.Generator}, which decodes
 * tokens.
 */
@FunctionalInterface
public interface AnswerGenerator {
    /** The model's whole reply to {@code prompt}. */
    String generate(String prompt);
}
