/**
 * Agents: {@link dev.cairn.agents.Agent} runs a model ({@link dev.cairn.agents.ChatModel}) that calls tools
 * through MCP, observes their results as delimited untrusted data ({@link dev.cairn.agents.Untrusted}) and answers,
 * within {@link dev.cairn.agents.Limits}, asking a {@link dev.cairn.agents.ConfirmationPolicy} before tools that
 * may change things; every step is traced ({@link dev.cairn.agents.Step}). Models: {@code .local} (the built-in
 * runtime) and {@code .langchain4j} (both directions). {@code .memory} holds conversation and long-term memory;
 * {@link dev.cairn.agents.knowledge} serves an index to any MCP client.
 */
package dev.cairn.agents;
