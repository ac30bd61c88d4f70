package dev.cairn.server;

import dev.cairn.rag.RagIndex;
import dev.cairn.rag.SearchMode;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;

import java.util.function.Consumer;

/**
 * The backend without a model: the last user message (or the prompt) is answered extractively from the index by
 * rag's {@link Answerer}: sentences of the top passages with their {@code [n]} citations, then the numbered sources.
 * Token counts are whitespace-separated words, since there is no model tokenizer to count with. Tools are never
 * called.
 */
public final class ExtractiveBackend implements ModelBackend {
    public static final String MODEL_ID = "cairn-extractive";

    private final Answerer answerer;

    public ExtractiveBackend(RagIndex index) {
        this.answerer = Answerer.extractive(index.retriever(SearchMode.HYBRID));
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public Reply chat(GenerationJob job, Consumer<String> pieces) {
        return answer(job.lastUserText(), job, pieces);
    }

    @Override
    public Reply complete(GenerationJob job, Consumer<String> pieces) {
        return answer(job.prompt(), job, pieces);
    }

    private Reply answer(String question, GenerationJob job, Consumer<String> pieces) {
        if (question.isBlank()) throw ServerException.invalid("messages", "there is no user message to answer");
        Answer a = answerer.answer(question);
        String text = a.sources().isEmpty() ? a.text() : a.text() + "\n\nSources:\n" + a.references();
        if (job.cancellation().isCancelled()) return new Reply("", "cancelled", words(question), 0);
        pieces.accept(text);
        return new Reply(text, "stop", words(question), words(text));
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
