package dev.cairn.agents;

import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/** A model's request to run a tool: an id (to pair it with its result), the tool's name, its arguments. */
public record ToolCall(String id, String name, ObjectNode arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
