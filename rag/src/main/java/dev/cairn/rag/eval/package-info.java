/**
 * Cairn measures its own retrieval: {@link dev.cairn.rag.eval.QaCase}s (a question and the path suffixes of the
 * sources that answer it) run through a {@link dev.cairn.rag.Retriever} give {@link dev.cairn.rag.eval.RetrievalMetrics}
 * (hit@k, MRR@10, nDCG@10, latency), each question counted once at the rank of its first relevant passage.
 */
package dev.cairn.rag.eval;
