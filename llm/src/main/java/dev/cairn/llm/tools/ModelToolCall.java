package dev.cairn.llm.tools;

import java.util.Map;
import java.util.Objects;

/** A tool call read from a model's output: the tool's name and its arguments (a JSON object as a map). */
public record ModelToolCall(String name, Map<String, Object> arguments) {
    public ModelToolCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    }

    /** The arguments as compact JSON. */
    public String argumentsJson() {
        return ToolJson.write(arguments);
    }
}
