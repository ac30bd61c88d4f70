/**
 * The built-in GGUF runtime as an agent's {@link dev.cairn.agents.ChatModel} ({@link dev.cairn.agents.local.LocalChatModel})
 * and as rag's {@link dev.cairn.rag.answer.AnswerGenerator} ({@link dev.cairn.agents.local.LocalAnswerGenerator}).
 */
package dev.cairn.agents.local;
