/**
 * Transports: {@link dev.cairn.mcp.transport.StdioServerTransport} and
 * {@link dev.cairn.mcp.transport.StdioClientTransport} (newline-delimited JSON, logs on stderr),
 * {@link dev.cairn.mcp.transport.InProcessTransport} (same JVM, still JSON on the wire), and Streamable HTTP:
 * {@link dev.cairn.mcp.transport.StreamableHttpServer} on the JDK's {@code HttpServer} with virtual threads
 * (sessions, resumable SSE streams with Last-Event-ID, Origin/Host checks, size limits, sessionless 2026-07-28
 * requests with routing-header checks) and {@link dev.cairn.mcp.transport.StreamableHttpClientTransport} on
 * {@code java.net.http.HttpClient}.
 */
package dev.cairn.mcp.transport;
