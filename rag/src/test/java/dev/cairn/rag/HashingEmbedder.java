package dev.cairn.rag;

import dev.cairn.embeddings.EmbeddingService;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double for {@link EmbeddingService}: a normalized, signed bag of hashed lower-case words. Texts sharing
 * words are similar and identical texts are identical, which is all the retrieval tests need; it is fast and
 * deterministic, and says nothing about semantic quality. Counts the passages it embedded; can be made slow.
 */
public final class HashingEmbedder implements EmbeddingService {
    private final String name;
    private final int dimension;
    public final AtomicInteger passages = new AtomicInteger();
    /** Milliseconds each {@link #embedPassages} call sleeps, to make an ingest slow enough to interrupt. */
    public volatile long delayMillis;

    public HashingEmbedder(String name, int dimension) {
        this.name = name;
        this.dimension = dimension;
    }

    public HashingEmbedder() {
        this("test-hashing-256", 256);
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        passages.addAndGet(texts.size());
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return texts.stream().map(this::embed).toList();
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(query);
    }

    float[] embed(String text) {
        float[] v = new float[dimension];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) continue;
            int h = w.hashCode() * 0x9E3779B1;
            v[Math.floorMod(h, dimension)] += (h & 0x10000) == 0 ? 1 : -1;
        }
        double norm = 0;
        for (float x : v) norm += x * x;
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public void close() {}
}
