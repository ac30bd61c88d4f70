/**
 * {@code cairn serve}: {@link dev.cairn.server.CairnServer} puts an index behind one HTTP port (the JDK's
 * {@code HttpServer}, a virtual thread per exchange): the OpenAI-compatible API under {@code /v1}, the index's
 * knowledge-base MCP server at {@code /mcp}, and a web chat UI at {@code /} with its API under {@code /api}.
 * Completions come from a {@link dev.cairn.server.ModelBackend}: the local runtime with continuous batching,
 * a remote OpenAI-compatible server, or extractive answers from the index. The wire records are in
 * {@code dev.cairn.server.openai}.
 */
package dev.cairn.server;
