/**
 * LangChain4j adapters over Cairn's index: {@link dev.cairn.rag.langchain4j.CairnEmbeddingStore} is an
 * {@code EmbeddingStore<TextSegment>} over any {@link dev.cairn.rag.ChunkStore}, and
 * {@link dev.cairn.rag.langchain4j.CairnContentRetriever} a {@code ContentRetriever} over any
 * {@link dev.cairn.rag.Retriever}. Citation data (path, title, headings, page) travels as segment metadata.
 */
package dev.cairn.rag.langchain4j;
