package dev.cairn.rag;

import java.util.List;

/**
 * The new state of one source in a store: its chunks and their vectors replace whatever the store held for
 * {@code path}. {@code contentHash} is what the next ingest compares to decide the file is unchanged.
 */
public record DocumentUpdate(String path, String contentHash, List<Chunk> chunks, List<float[]> vectors) {
    public DocumentUpdate {
        chunks = List.copyOf(chunks);
        vectors = List.copyOf(vectors);
        if (chunks.size() != vectors.size())
            throw new IllegalArgumentException(path + ": " + chunks.size() + " chunks but " + vectors.size() + " vectors");
        for (Chunk c : chunks)
            if (!c.path().equals(path)) throw new IllegalArgumentException("chunk " + c.id() + " is not from " + path);
    }
}
