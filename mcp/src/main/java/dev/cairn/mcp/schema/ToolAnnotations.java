package dev.cairn.mcp.schema;

/**
 * Hints about a tool's behaviour; untrusted unless the server is. Defaults when absent: readOnly false,
 * destructive true, idempotent false, openWorld true.
 */
public record ToolAnnotations(String title, Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
                              Boolean openWorldHint) {
}
