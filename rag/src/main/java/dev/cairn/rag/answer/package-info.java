/**
 * Answers from retrieved passages: a {@link dev.cairn.rag.answer.GroundedPrompt} (numbered, fenced sources marked
 * as untrusted data, cite-as-[n] and say-when-unanswerable instructions) for any {@link dev.cairn.rag.answer.AnswerGenerator},
 * or, without one, an extractive answer quoting the most relevant sentences with their citations.
 */
package dev.cairn.rag.answer;
