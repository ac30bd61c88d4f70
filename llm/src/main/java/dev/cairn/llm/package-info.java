/**
 * The built-in transformer runtime: loads GGUF models (Llama, Qwen2, Qwen3, Qwen3-MoE, Gemma 3) and computes
 * their logits in float32 as llama.cpp does. Entry point: {@link dev.cairn.llm.Model}.
 */
package dev.cairn.llm;
