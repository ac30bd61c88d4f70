/**
 * Agents and agent-facing servers built on Cairn's retrieval: {@link dev.cairn.agents.knowledge} serves an index
 * to any MCP client.
 */
package dev.cairn.agents;
