/**
 * The Lucene {@link dev.cairn.rag.ChunkStore}: an on-disk index with HNSW vectors (float or scalar-quantized,
 * M and beam width configurable), BM25 with Lucene's English analyzer, stored fields for citations, and the
 * embedding model recorded in the commit user data.
 */
package dev.cairn.rag.lucene;
