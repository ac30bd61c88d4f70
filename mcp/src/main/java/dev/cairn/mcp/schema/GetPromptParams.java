package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Params of {@code prompts/get}: the prompt's name and string arguments for its template. */
public record GetPromptParams(String name, Map<String, String> arguments, @JsonProperty("_meta") ObjectNode meta) {
    public GetPromptParams {
        Require.nonNull(name, "name");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }
}
