package dev.cairn.llm;

import dev.cairn.gguf.GgufFile;

import java.nio.file.Path;

/**
 * A GGUF model loaded for inference: its hyperparameters and its weights, mapped from the file (never
 * copied to the heap). Open {@link Session}s to compute; close the model to unmap the file.
 *
 * <pre>{@code
 * try (Model model = Model.load(path)) {
 *     Session s = model.newSession(512);
 *     float[] logits = s.prompt(1, 403, 407);
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
    private final GgufFile gguf;
    private final Config config;
    private final Weights weights;

    private Model(GgufFile gguf, Config config, Weights weights) {
        this.gguf = gguf;
        this.config = config;
        this.weights = weights;
    }

    /** Opens {@code path}; a {@link LlmException} names what the runtime cannot handle. */
    public static Model load(Path path) {
        GgufFile gguf = GgufFile.open(path);
        try {
            Config config = Config.from(gguf.metadata());
            return new Model(gguf, config, Weights.load(gguf, config));
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    /** The {@code general.architecture} of the model, e.g. {@code llama}. */
    public String architecture() {
        return config.architecture().key();
    }

    public int vocabularySize() {
        return weights.output().rows();
    }

    /** The context length the model was trained with. */
    public int contextLength() {
        return config.contextLength();
    }

    /** A new sequence that holds at most {@code capacity} tokens (its KV cache is sized for them). */
    public Session newSession(int capacity) {
        if (capacity <= 0) throw new LlmException("a session needs room for at least one token, not " + capacity);
        return new Session(config, weights, capacity, false);
    }

    /** A session whose activations are rounded before each matrix product as llama.cpp's CPU backend does (tests). */
    Session newSessionRoundingLikeLlamaCpp(int capacity) {
        return new Session(config, weights, capacity, true);
    }

    /** The GGUF file the model was read from (metadata for the tokenizer and chat template). */
    public GgufFile gguf() {
        return gguf;
    }

    Config config() {
        return config;
    }

    @Override
    public void close() {
        gguf.close();
    }
}
