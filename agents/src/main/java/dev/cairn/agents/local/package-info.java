/** The built-in GGUF runtime as an agent's {@link dev.cairn.agents.ChatModel}: {@link dev.cairn.agents.local.LocalChatModel}. */
package dev.cairn.agents.local;
