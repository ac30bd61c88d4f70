/**
 * The built-in transformer runtime: loads GGUF models and computes their logits in float32 as llama.cpp does.
 *
 * <p>Public API: {@link dev.cairn.llm.Model#load} (Llama, Qwen2, Qwen3, Qwen3-MoE, Gemma 3; weights stay in the
 * mapped file) and {@link dev.cairn.llm.Session} ({@code next(token)} returns the logits of the next token;
 * {@code prompt(tokens...)} computed 32 tokens per pass, {@code greedy(...)}) and {@link dev.cairn.llm.Sampler}
 * (top-k, top-p, min-p, temperature, seeded). Errors are {@link dev.cairn.llm.LlmException}s.
 *
 * <p>Inside, read top to bottom: {@code Config} (hyperparameters from metadata) → {@code Weights} (tensors by
 * role, shapes checked) → {@code Session.forward} (the forward pass: RMSNorm, q/k/v with optional biases and
 * per-head norms, RoPE, grouped-query attention over the KV cache with optional sliding window, SwiGLU/GeGLU
 * FFN or a routed mixture of experts, post-norms, output). {@code Ops} holds the per-vector math,
 * {@code FloatTensor} a weight matrix whose rows are dotted by its type's {@code Quant} kernel (scalar
 * reference) or {@code VectorKernels} (Vector API), split across threads by {@code Parallel}.
 */
package dev.cairn.llm;
