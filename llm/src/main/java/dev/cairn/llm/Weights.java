package dev.cairn.llm;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;

import java.lang.foreign.Arena;
import java.util.Optional;

/**
 * The tensors of a model, by role. Matrices stay in the mapped file ({@link FloatTensor}); norm weights and
 * biases, which are tiny, are decoded to float arrays. Optional parts are null when a family has none.
 */
record Weights(FloatTensor tokenEmbedding, float[] outputNorm, FloatTensor output, float[] ropeFreqFactors, Layer[] layers) {

    /**
     * One transformer block. Attention: {@code wq, wk, wv, wo} with optional biases (Qwen2) and per-head norms
     * (Qwen3, Gemma 3); FFN: {@code gate, up, down}, or for MoE the router and the stacked expert tensors.
     */
    record Layer(float[] attnNorm, FloatTensor wq, FloatTensor wk, FloatTensor wv, FloatTensor wo,
                 float[] qBias, float[] kBias, float[] vBias, float[] qNorm, float[] kNorm, float[] postAttnNorm,
                 float[] ffnNorm, FloatTensor gate, FloatTensor up, FloatTensor down, float[] postFfnNorm,
                 FloatTensor router, FloatTensor gateExperts, FloatTensor upExperts, FloatTensor downExperts) {}

    /** The model's tensors; Q4_0, Q4_K and Q6_K matrices are rearranged into memory of {@code arena} ({@link Repacked}). */
    static Weights load(GgufFile gguf, Config c, Arena arena) {
        Loader l = new Loader(gguf, arena);
        FloatTensor embedding = l.matrix("token_embd.weight", c.dim(), -1);
        int vocab = embedding.rows();
        float[] outputNorm = l.vector("output_norm.weight", c.dim());
        // tied embeddings: no output matrix, the logits reuse the token embedding
        FloatTensor output = l.has("output.weight") ? l.matrix("output.weight", c.dim(), vocab) : embedding;
        float[] ropeFactors = l.has("rope_freqs.weight") ? l.vector("rope_freqs.weight", c.ropeDim() / 2) : null;

        Layer[] layers = new Layer[c.layers()];
        int q = c.heads() * c.headDim(), kv = c.kvHeads() * c.headDim(), v = c.kvHeads() * c.valueDim();
        for (int i = 0; i < c.layers(); i++) {
            String b = "blk." + i + ".";
            boolean moe = c.experts() > 0;
            layers[i] = new Layer(
                    l.vector(b + "attn_norm.weight", c.dim()),
                    l.matrix(b + "attn_q.weight", c.dim(), q),
                    l.matrix(b + "attn_k.weight", c.dim(), kv),
                    l.matrix(b + "attn_v.weight", c.dim(), v),
                    l.matrix(b + "attn_output.weight", c.heads() * c.valueDim(), c.dim()),
                    l.optionalVector(b + "attn_q.bias", q),
                    l.optionalVector(b + "attn_k.bias", kv),
                    l.optionalVector(b + "attn_v.bias", v),
                    l.optionalVector(b + "attn_q_norm.weight", c.headDim()),
                    l.optionalVector(b + "attn_k_norm.weight", c.headDim()),
                    l.optionalVector(b + "post_attention_norm.weight", c.dim()),
                    l.vector(b + "ffn_norm.weight", c.dim()),
                    moe ? null : l.matrix(b + "ffn_gate.weight", c.dim(), c.ffnDim()),
                    moe ? null : l.matrix(b + "ffn_up.weight", c.dim(), c.ffnDim()),
                    moe ? null : l.matrix(b + "ffn_down.weight", c.ffnDim(), c.dim()),
                    l.optionalVector(b + "post_ffw_norm.weight", c.dim()),
                    moe ? l.matrix(b + "ffn_gate_inp.weight", c.dim(), c.experts()) : null,
                    moe ? l.matrix(b + "ffn_gate_exps.weight", c.dim(), c.experts() * c.expertFfnDim()) : null,
                    moe ? l.matrix(b + "ffn_up_exps.weight", c.dim(), c.experts() * c.expertFfnDim()) : null,
                    moe ? l.matrix(b + "ffn_down_exps.weight", c.expertFfnDim(), c.experts() * c.dim()) : null);
        }
        return new Weights(embedding, outputNorm, output, ropeFactors, layers);
    }

    /** Finds tensors and checks their shapes, naming the tensor and the file in every error. */
    private record Loader(GgufFile gguf, Arena arena) {
        boolean has(String name) {
            return gguf.findTensor(name).isPresent();
        }

        private GgufTensorInfo info(String name) {
            Optional<GgufTensorInfo> t = gguf.findTensor(name);
            if (t.isEmpty()) throw new LlmException(gguf.path() + ": tensor " + name + " is missing");
            return t.get();
        }

        /** A matrix of {@code rows} rows (any number when negative) of {@code cols} elements. */
        FloatTensor matrix(String name, int cols, int rows) {
            GgufTensorInfo info = info(name);
            FloatTensor t = FloatTensor.of(info, gguf.tensorData(info), arena);
            if (t.cols() != cols || (rows >= 0 && t.rows() != rows)) {
                throw new LlmException(gguf.path() + ": tensor " + name + " has shape " + java.util.Arrays.toString(info.shape())
                        + ", expected [" + cols + ", " + (rows >= 0 ? rows : "n") + "] from the model's hyperparameters");
            }
            return t;
        }

        float[] vector(String name, int length) {
            return matrix(name, length, 1).toFloatArray();
        }

        float[] optionalVector(String name, int length) {
            return has(name) ? vector(name, length) : null;
        }
    }
}
