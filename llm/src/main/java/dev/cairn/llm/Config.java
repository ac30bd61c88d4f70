package dev.cairn.llm;

import dev.cairn.gguf.GgufMetadata;

/**
 * The hyperparameters of a model, read from GGUF metadata ({@code <arch>.embedding_length} and friends).
 *
 * @param headDim         the size of a query/key head ({@code attention.key_length}, else dim / heads)
 * @param valueDim        the size of a value head ({@code attention.value_length}, else headDim)
 * @param ropeDim         how many dimensions of each head RoPE rotates ({@code rope.dimension_count}, else headDim)
 * @param ropeScale       positions are multiplied by this (1 / {@code rope.scaling.factor} for linear scaling)
 * @param ropeBaseLocal   the RoPE base of sliding-window layers (Gemma 3: 10000)
 * @param slidingWindow   how many positions a sliding-window layer sees (0: none)
 * @param swaPeriod       every {@code swaPeriod}-th layer is global, the others slide (0: all global)
 * @param attentionScale  the factor applied to q·k
 * @param embeddingScale  the factor applied to token embeddings (Gemma: sqrt(dim))
 * @param experts         experts per MoE layer (0: dense FFN)
 * @param expertsUsed     experts each token is routed to
 */
record Config(Architecture architecture, int dim, int layers, int heads, int kvHeads, int headDim, int valueDim,
              int ffnDim, int contextLength, float rmsEps,
              float ropeBase, float ropeBaseLocal, int ropeDim, float ropeScale,
              int slidingWindow, int swaPeriod, float attentionScale, float embeddingScale,
              int experts, int expertsUsed, int expertFfnDim) {

    static Config from(GgufMetadata md) {
        Architecture arch = Architecture.of(md.getString("general.architecture"), md.source());
        String p = arch.key() + ".";
        int dim = md.getInt(p + "embedding_length");
        int layers = md.getInt(p + "block_count");
        int heads = md.getInt(p + "attention.head_count");
        int kvHeads = md.findInt(p + "attention.head_count_kv").orElse(heads);
        int headDim = md.findInt(p + "attention.key_length").orElse(dim / heads);
        int valueDim = md.findInt(p + "attention.value_length").orElse(headDim);
        int ffnDim = md.findInt(p + "feed_forward_length").orElse(0);
        int context = md.findInt(p + "context_length").orElse(2048);
        float eps = md.getFloat(p + "attention.layer_norm_rms_epsilon");
        float ropeBase = md.findFloat(p + "rope.freq_base").orElse(10000f);
        int ropeDim = md.findInt(p + "rope.dimension_count").orElse(headDim);
        float ropeScale = 1f;
        if (md.findString(p + "rope.scaling.type").orElse("none").equals("linear")) {
            ropeScale = 1f / md.getFloat(p + "rope.scaling.factor");
        }
        int experts = md.findInt(p + "expert_count").orElse(0);
        int expertsUsed = md.findInt(p + "expert_used_count").orElse(0);
        int expertFfnDim = md.findInt(p + "expert_feed_forward_length").orElse(ffnDim);

        float attentionScale = (float) (1 / Math.sqrt(headDim));
        float embeddingScale = 1f;
        float ropeBaseLocal = ropeBase;
        int slidingWindow = 0, swaPeriod = 0;
        if (arch == Architecture.GEMMA3) {
            embeddingScale = (float) Math.sqrt(dim);
            // Gemma 3 27B scales queries by 1/sqrt(dim / heads) rather than 1/sqrt(headDim), as llama.cpp does
            if (layers == 62) attentionScale = (float) (1 / Math.sqrt((double) dim / heads));
            ropeBaseLocal = 10000f;
            slidingWindow = md.getInt(p + "attention.sliding_window");
            swaPeriod = md.findInt(p + "attention.sliding_window_pattern").orElse(6);
        }
        Config c = new Config(arch, dim, layers, heads, kvHeads, headDim, valueDim, ffnDim, context, eps,
                ropeBase, ropeBaseLocal, ropeDim, ropeScale, slidingWindow, swaPeriod, attentionScale, embeddingScale,
                experts, expertsUsed, expertFfnDim);
        c.check(md.source());
        return c;
    }

    private void check(String source) {
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || heads % kvHeads != 0) {
            throw new LlmException(source + ": inconsistent attention shape: dim " + dim + ", " + heads + " heads, "
                    + kvHeads + " KV heads, head size " + headDim);
        }
        if (ropeDim > headDim || ropeDim % 2 != 0) {
            throw new LlmException(source + ": RoPE dimension count " + ropeDim + " must be even and at most the head size " + headDim);
        }
        if (experts > 0 && (expertsUsed <= 0 || expertsUsed > experts)) {
            throw new LlmException(source + ": " + expertsUsed + " experts used per token out of " + experts);
        }
    }

    /** Whether layer {@code layer} attends to a sliding window rather than the whole context. */
    boolean isSlidingWindowLayer(int layer) {
        return slidingWindow > 0 && swaPeriod > 0 && (layer + 1) % swaPeriod != 0;
    }

    int kvDim() {
        return kvHeads * headDim;
    }
}
