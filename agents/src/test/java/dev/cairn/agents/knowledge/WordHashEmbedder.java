package dev.cairn.agents.knowledge;

import dev.cairn.embeddings.EmbeddingService;

import java.util.List;
import java.util.Locale;

/** Test embedder: a normalized, signed bag of hashed lower-case words; fast and deterministic, not semantic. */
final class WordHashEmbedder implements EmbeddingService {
    private static final int DIMENSION = 256;

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        return texts.stream().map(this::embedQuery).toList();
    }

    @Override
    public float[] embedQuery(String text) {
        float[] v = new float[DIMENSION];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) continue;
            int h = w.hashCode() * 0x9E3779B1;
            v[Math.floorMod(h, DIMENSION)] += (h & 0x10000) == 0 ? 1 : -1;
        }
        double norm = 0;
        for (float x : v) norm += x * x;
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
        return v;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String modelName() {
        return "test-word-hash-256";
    }

    @Override
    public void close() {}
}
