/**
 * Retrieval-augmented generation over a folder of documents: ingestion, chunking, an index, retrievers.
 *
 * <p>The flow: {@link dev.cairn.rag.load.SourceWalker} finds files, {@link dev.cairn.rag.load.DocumentLoaders} turns
 * each into a {@link dev.cairn.rag.Document} (text plus heading and paragraph {@link dev.cairn.rag.Block}s),
 * {@link dev.cairn.rag.Chunker} cuts it into {@link dev.cairn.rag.Chunk}s within a token budget, and
 * {@link dev.cairn.rag.Ingestor} embeds them and commits them to a {@link dev.cairn.rag.ChunkStore}, skipping files
 * whose content hash is unchanged. {@link dev.cairn.rag.Retriever}s ({@link dev.cairn.rag.StoreRetriever} for vector
 * and BM25, {@link dev.cairn.rag.HybridRetriever} for reciprocal rank fusion, {@link dev.cairn.rag.MmrRetriever} for
 * diversity) return {@link dev.cairn.rag.Passage}s with per-retriever scores and citation data.
 * {@link dev.cairn.rag.RagIndex} bundles a store, a model and a chunker for commands, and
 * {@link dev.cairn.rag.answer.Answerer} answers from the passages, generated or extractive, with citations.
 *
 * <p>Stores are plug-ins behind {@link dev.cairn.rag.ChunkStore}; the built-in one is
 * {@link dev.cairn.rag.lucene.LuceneChunkStore}. Errors are {@link dev.cairn.rag.RagException}s naming the file or
 * index; ingestion counts a bad file and goes on.
 */
package dev.cairn.rag;
