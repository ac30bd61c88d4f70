package dev.cairn.examples.chatbot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chatbot over a folder of documents in a few lines: Cairn's starter makes the index (ingesting
 * {@code cairn.ingest.paths} at start-up), the retriever and the answerer from {@code application.properties};
 * {@link AskController} answers on {@code /ask?q=...}; {@link ChatbotTools}' methods are MCP tools at {@code /mcp}
 * and the index is the knowledge-base MCP server at {@code /mcp/knowledge-base}.
 */
@SpringBootApplication
public class ChatbotApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChatbotApplication.class, args);
    }
}
