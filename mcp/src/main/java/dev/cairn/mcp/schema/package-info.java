/**
 * The MCP schema of protocol revision 2025-11-25 as immutable records, (de)serialized by
 * {@link dev.cairn.mcp.jsonrpc.JsonCodec}. Field names follow the published {@code schema.ts}; {@code _meta}
 * is the component {@code meta}. Optional fields are nullable and omitted from the JSON when null.
 */
package dev.cairn.mcp.schema;
