/**
 * An index built by {@code cairn ingest} as an MCP server: {@link dev.cairn.agents.knowledge.KnowledgeBaseServer}.
 *
 * <pre>{@code
 * McpServer server = KnowledgeBaseServer.builder(index).build();      // extractive answers
 * StdioServerTransport.serve(server);                                 // or StreamableHttpServer.builder(server)...
 * }</pre>
 */
package dev.cairn.agents.knowledge;
