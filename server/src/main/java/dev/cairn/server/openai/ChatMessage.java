package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import java.util.List;

/**
 * One message of a conversation. {@code content} is a string, an array of parts (only {@code text} parts are
 * understood) or null (an assistant message that only calls tools).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String role, JsonNode content, String name,
                          @JsonProperty("tool_calls") List<ToolCall> toolCalls,
                          @JsonProperty("tool_call_id") String toolCallId) {

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", text == null ? null : StringNode.valueOf(text), null,
                toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls), null);
    }

    /** The text of the content: the string, or the text parts joined; empty when there is none. */
    public String text() {
        if (content == null || content.isNull()) return "";
        if (content.isString()) return content.asString();
        var sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asString(""))) sb.append(part.path("text").asString(""));
        }
        return sb.toString();
    }
}
