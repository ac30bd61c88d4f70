/**
 * Tool calling on the built-in runtime: {@link dev.cairn.llm.tools.ToolCallFormat} tells a model family's call
 * syntax from its chat template and parses replies (Hermes/Qwen {@code <tool_call>}, Llama 3.1+ JSON, Mistral
 * {@code [TOOL_CALLS]}); {@link dev.cairn.llm.tools.ToolChat} renders tools through the template, generates, and
 * can force a valid call with JSON-Schema-constrained decoding (a byte-level automaton, {@code SchemaMatcher},
 * masking the vocabulary each step).
 */
package dev.cairn.llm.tools;
