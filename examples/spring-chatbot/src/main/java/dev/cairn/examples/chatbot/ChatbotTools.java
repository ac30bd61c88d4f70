package dev.cairn.examples.chatbot;

import dev.cairn.mcp.Describe;
import dev.cairn.mcp.McpTool;
import dev.cairn.rag.RagIndex;
import dev.cairn.rag.StoreInfo;
import dev.cairn.rag.answer.Answer;
import dev.cairn.rag.answer.Answerer;
import org.springframework.stereotype.Component;

/** The chatbot's MCP tools: a Spring bean whose {@code @McpTool} methods the starter serves at {@code /mcp}. */
@Component
public class ChatbotTools {
    private final Answerer answerer;
    private final RagIndex index;

    ChatbotTools(Answerer answerer, RagIndex index) {
        this.answerer = answerer;
        this.index = index;
    }

    public record Question(@Describe("a question about the documents") String question) {
    }

    @McpTool(name = "ask", description = "Answers a question from the chatbot's documents, citing numbered sources as [n]",
            readOnly = true, destructive = false, openWorld = false)
    public String ask(Question question) {
        if (question.question() == null || question.question().isBlank()) {
            throw new IllegalArgumentException("question is empty: ask something the documents may answer");
        }
        Answer answer = answerer.answer(question.question().strip());
        return answer.sources().isEmpty() ? answer.text() : answer.text() + "\n\nSources:\n" + answer.references();
    }

    public record Library(long documents, long passages, String embeddingModel) {
    }

    @McpTool(name = "library", description = "Tells how many documents and passages the chatbot answers from",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public Library library() {
        StoreInfo info = index.info();
        return new Library(info.documents(), info.chunks(), info.model());
    }
}
