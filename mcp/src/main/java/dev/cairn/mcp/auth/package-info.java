/**
 * The client side of MCP authorization (revisions 2025-11-25 and 2026-07-28, with the 2025-03-26 fallbacks):
 * {@link dev.cairn.mcp.auth.OAuthClient} runs the flow when a Streamable HTTP request is refused, and an
 * {@link dev.cairn.mcp.auth.AuthorizationHandler} takes the user through the authorization server's page.
 */
package dev.cairn.mcp.auth;
