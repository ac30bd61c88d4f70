/**
 * A persistent cache of language-model responses: {@link dev.cairn.rag.cache.LlmCache} matches a
 * {@link dev.cairn.rag.cache.CacheKey} (model, prompt, generation parameters) exactly or, with an embedding model,
 * semantically (cosine similarity of prompts above a threshold), with a time to live, one file per entry.
 */
package dev.cairn.rag.cache;
