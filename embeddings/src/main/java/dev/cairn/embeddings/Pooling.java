package dev.cairn.embeddings;

import java.nio.FloatBuffer;

/** How token vectors become one sentence vector (sentence-transformers' {@code 1_Pooling/config.json}). */
public enum Pooling {
    /** The first token's vector ([CLS]); bge models. */
    CLS,
    /** The average over the real (unpadded) tokens, special tokens included; all-MiniLM and most sentence-transformers. */
    MEAN;

    /**
     * Pools one sequence of a {@code [batch, seqLen, dim]} output.
     *
     * @param hidden the whole output, row-major
     * @param offset where the sequence's first token vector starts
     * @param tokens the sequence's real length (its attention mask's ones; padding follows)
     */
    float[] pool(FloatBuffer hidden, int offset, int tokens, int dim) {
        float[] v = new float[dim];
        if (this == CLS) {
            hidden.get(offset, v);
            return v;
        }
        for (int t = 0; t < tokens; t++) {
            int base = offset + t * dim;
            for (int j = 0; j < dim; j++) v[j] += hidden.get(base + j);
        }
        for (int j = 0; j < dim; j++) v[j] /= tokens;
        return v;
    }
}
