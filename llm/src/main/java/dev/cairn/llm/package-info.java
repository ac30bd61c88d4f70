/**
 * The built-in transformer runtime: loads GGUF models and computes their logits in float32 as llama.cpp does.
 *
 * <p>Public API: {@link dev.cairn.llm.Model#load} (Llama, Qwen2, Qwen3, Qwen3-MoE, Gemma 3; weights stay in the
 * mapped file) and {@link dev.cairn.llm.Session} ({@code next(token)} returns the logits of the next token;
 * {@code prompt(tokens...)} computed 32 tokens per pass, {@code greedy(...)}) and {@link dev.cairn.llm.Sampler}
 * (penalties, top-k, top-p, min-p, temperature, seeded). Text: {@link dev.cairn.llm.Model#tokenizer()} (from the
 * file's metadata), {@link dev.cairn.llm.Model#encode} (BOS as the file says), {@link dev.cairn.llm.ChatFormat} (the
 * file's Jinja chat template, or a ChatML fallback) and {@link dev.cairn.llm.TokenStreamDecoder} (whole UTF-8
 * characters only). Generation: {@link dev.cairn.llm.Model#generate} takes a {@link dev.cairn.llm.GenerationRequest}
 * (max tokens, sampling, stop strings and tokens, best-of-n, a {@link dev.cairn.llm.Cancellation}), streams text to
 * a listener and returns a {@link dev.cairn.llm.Generation} (tokens, text, finish reason, usage). Errors are
 * {@link dev.cairn.llm.LlmException}s; a prompt longer than the context is one (no sliding window).
 * Runtime features: {@link dev.cairn.llm.KvCacheType} (F16 or F32 keys and values, in pages that grow with the
 * sequence), {@link dev.cairn.llm.Generator} (options: {@link dev.cairn.llm.PrefixCache} reuse of shared prompt
 * prefixes, speculative decoding with a draft model, KV type), {@link dev.cairn.llm.BatchGenerator} (continuous
 * batching: concurrent requests share decode steps).
 * {@link dev.cairn.llm.Quantizer} writes Q8_0/Q4_0/Q4_K/Q6_K copies of F32/F16/BF16 models (ggml's reference
 * encoders, in {@code Encoders}).
 *
 * <p>Inside, read top to bottom: {@code Config} (hyperparameters from metadata) → {@code Weights} (tensors by
 * role, shapes checked) → {@code Forward} (the forward pass over rows of tokens, each at its own position of its own
 * {@code KvCache}: RMSNorm, q/k/v with optional biases and
 * per-head norms, RoPE, grouped-query attention over the KV cache with optional sliding window, SwiGLU/GeGLU
 * FFN or a routed mixture of experts, post-norms, output). {@code Ops} holds the per-vector math,
 * {@code FloatTensor} a weight matrix whose rows are dotted by its type's {@code Quant} kernel (scalar
 * reference) or {@code VectorKernels} (Vector API), split across threads by {@code Parallel}.
 */
package dev.cairn.llm;
