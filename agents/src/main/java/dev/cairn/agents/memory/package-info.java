/**
 * Agent memory: {@link dev.cairn.agents.memory.ConversationMemory} keeps the recent turns within a token budget
 * (summarizing or trimming the oldest); {@link dev.cairn.agents.memory.LongTermMemory} keeps facts per session in
 * a Cairn index on disk and recalls them by similarity.
 */
package dev.cairn.agents.memory;
