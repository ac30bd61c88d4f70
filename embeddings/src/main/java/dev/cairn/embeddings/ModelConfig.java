package dev.cairn.embeddings;

/**
 * The settings an {@link OnnxEmbeddingService} runs with, all resolved.
 *
 * @param name              the model's name, recorded with indexes built from it
 * @param pooling           how token vectors become one vector (ignored when the ONNX model pools by itself)
 * @param normalize         whether vectors are scaled to unit length
 * @param maxSequenceLength tokens per text the model sees, special tokens included; longer texts are truncated
 * @param queryPrefix       text put before every query (e.g. BGE's retrieval instruction), may be empty
 * @param passagePrefix     text put before every passage, may be empty
 */
public record ModelConfig(String name, Pooling pooling, boolean normalize, int maxSequenceLength,
                          String queryPrefix, String passagePrefix) {

    /** Used where a model and its files say nothing: mean pooling, normalized, 512 tokens, no prefixes. */
    static ModelConfig resolve(Settings s, String fallbackName) {
        ModelConfig c = new ModelConfig(
                s.name() != null ? s.name() : fallbackName,
                s.pooling() != null ? s.pooling() : Pooling.MEAN,
                s.normalize() == null || s.normalize(),
                s.maxSequenceLength() != null ? s.maxSequenceLength() : 512,
                s.queryPrefix() != null ? s.queryPrefix() : "",
                s.passagePrefix() != null ? s.passagePrefix() : "");
        if (c.maxSequenceLength < 1) {
            throw new EmbeddingException("model " + c.name + ": max sequence length must be positive, not "
                    + c.maxSequenceLength);
        }
        return c;
    }
}
