package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/** A tool offered to the model: {@code type} is {@code function}; {@code parameters} is a JSON Schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(String type, Function function) {
    public record Function(String name, String description, JsonNode parameters) {}
}
