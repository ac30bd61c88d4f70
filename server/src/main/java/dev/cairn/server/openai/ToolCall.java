package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A function call the assistant asks for: {@code arguments} is a JSON object as a string, as OpenAI sends it.
 * In a streamed delta {@code index} says which call a fragment belongs to; elsewhere it is null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(Integer index, String id, String type, Function function) {
    public record Function(String name, String arguments) {}

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(null, id, "function", new Function(name, arguments));
    }

    public ToolCall withIndex(int index) {
        return new ToolCall(index, id, type, function);
    }
}
