package dev.cairn.mcp.schema;

/** A capability whose only option is whether list-changed notifications are sent (tools, prompts, roots). */
public record ListChanged(Boolean listChanged) {
}
