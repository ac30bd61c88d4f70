package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The sender or recipient of a message. */
public enum Role {
    @JsonProperty("user") USER,
    @JsonProperty("assistant") ASSISTANT
}
