/**
 * Cairn's Model Context Protocol client and server, written from the published specifications (revisions
 * 2025-11-25 and 2026-07-28) on Jackson 3, without an MCP SDK.
 *
 * <h2>Serving tools</h2>
 * <pre>{@code
 * McpServer server = McpServer.builder().name("notes").version("1.0")
 *     .tool("echo", "Echoes its text", schema, (args, ctx) -> CallToolResult.text(args.path("text").asString()))
 *     .resource(new Resource("notes://readme", "readme", "The readme", "text/plain"),
 *               (uri, vars, ctx) -> ReadResourceResult.of(new TextResourceContents(uri, "text/plain", "...")))
 *     .build();
 * StdioServerTransport.serve(server);                                   // stdio
 * StreamableHttpServer http = StreamableHttpServer.builder(server).port(8080).start();  // 127.0.0.1:8080/mcp
 * }</pre>
 * A tool's exception becomes a result with {@code isError}; handlers report progress and logs and ask the
 * client for input through their {@link dev.cairn.mcp.RequestContext}.
 *
 * <h2>Calling tools</h2>
 * <pre>{@code
 * try (McpClient client = McpClient.builder().connect(StdioClientTransport.command("my-server"))) {
 *     CallToolResult result = client.callTool("echo", JsonCodec.object().put("text", "hi"));
 * }
 * }</pre>
 * Servers' requests are answered through typed handlers: {@code McpClient.builder().sampling(model)
 * .elicitation(handler).roots(() -> roots)}; {@code subscribeResource(uri, listener)} and {@code onToolsChanged}
 * receive changes (in both revisions). A server that requires OAuth is reached with
 * {@code StreamableHttpClientTransport.to(url).authorization(OAuthClient.builder(handler).build())}.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@link dev.cairn.mcp.jsonrpc}: JSON-RPC 2.0 messages as sealed types and a parser that only ever fails
 *       with a protocol error.</li>
 *   <li>{@link dev.cairn.mcp.schema}: the MCP schema as records.</li>
 *   <li>this package: {@link dev.cairn.mcp.McpServer} (a transport-independent {@link dev.cairn.mcp.ServerSession}
 *       per client, plus per-request handling of the stateless 2026-07-28 revision), {@link dev.cairn.mcp.McpClient},
 *       and the transport plug-in interfaces {@link dev.cairn.mcp.ClientTransport} and {@link dev.cairn.mcp.MessageSink}.</li>
 *   <li>{@link dev.cairn.mcp.transport}: stdio, in-process and Streamable HTTP (JDK {@code HttpServer} /
 *       {@code HttpClient}) transports.</li>
 *   <li>{@link dev.cairn.mcp.auth}: the client side of MCP authorization (OAuth 2.1 discovery, registration,
 *       PKCE, scopes, refresh, DPoP, machine grants).</li>
 *   <li>{@link dev.cairn.mcp.conformance}: the fixture server and client runner for the official conformance suite.</li>
 * </ul>
 */
package dev.cairn.mcp;
