/**
 * What the official MCP conformance suite ({@code @modelcontextprotocol/conformance}) runs against:
 * {@link dev.cairn.mcp.conformance.ConformanceServer}, with the tools, resources and prompts its server
 * scenarios name, and {@link dev.cairn.mcp.conformance.ConformanceClient}, the client it drives.
 */
package dev.cairn.mcp.conformance;
