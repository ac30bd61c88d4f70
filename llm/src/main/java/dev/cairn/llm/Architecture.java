package dev.cairn.llm;

/**
 * The model families the runtime computes, with the ways their forward passes differ. The GGUF
 * {@code general.architecture} value names them, and prefixes their hyperparameter keys.
 */
enum Architecture {
    /** Llama 1/2/3 and the many models that share its shape (Mistral, SmolLM, TinyLlama, ...). */
    LLAMA("llama", false),
    /** Qwen2 / Qwen2.5: biases on the q, k and v projections. */
    QWEN2("qwen2", true),
    /** Qwen3: RMS norm of each q and k head before RoPE. */
    QWEN3("qwen3", true),
    /** Qwen3-MoE: Qwen3 attention, a softmax-routed mixture of expert FFNs. */
    QWEN3MOE("qwen3moe", true),
    /** Gemma 3: scaled embeddings, q/k norms, post-attention and post-FFN norms, GELU, sliding-window layers. */
    GEMMA3("gemma3", true);

    private final String ggufName;
    /** RoPE rotates pairs (i, i + d/2) ("NEOX" in ggml) instead of adjacent pairs (2i, 2i + 1). */
    final boolean neoxRope;

    Architecture(String ggufName, boolean neoxRope) {
        this.ggufName = ggufName;
        this.neoxRope = neoxRope;
    }

    /** The prefix of this family's metadata keys, e.g. {@code llama}. */
    String key() {
        return ggufName;
    }

    static Architecture of(String name, String source) {
        for (Architecture a : values()) if (a.ggufName.equals(name)) return a;
        StringBuilder known = new StringBuilder();
        for (Architecture a : values()) known.append(known.isEmpty() ? "" : ", ").append(a.ggufName);
        throw new LlmException(source + ": architecture '" + name + "' is not supported by the built-in runtime (supported: " + known + ")");
    }
}
