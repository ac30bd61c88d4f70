package dev.cairn.server.openai;

import java.util.List;

/** The {@code /v1/embeddings} response ({@code object} {@code list}). */
public record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {
    public record Embedding(String object, int index, float[] embedding) {
        public Embedding(int index, float[] embedding) {
            this("embedding", index, embedding);
        }
    }

    public EmbeddingList(List<Embedding> data, String model, Usage usage) {
        this("list", data, model, usage);
    }
}
