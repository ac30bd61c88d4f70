package dev.cairn.agents;

import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/** A tool offered to a model: its name, what it does, and a JSON Schema (type object) for its arguments. */
public record ToolSpec(String name, String description, ObjectNode parameters) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        description = description == null ? "" : description;
    }
}
