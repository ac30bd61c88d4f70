package dev.cairn.mcp.schema;

/** The server's resources capability: subscriptions and list-changed notifications. */
public record ResourcesCapability(Boolean subscribe, Boolean listChanged) {
}
