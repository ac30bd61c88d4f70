package dev.cairn.agents;

import java.util.List;
import java.util.Objects;

/** One message of a conversation with a chat model: a closed set of four kinds. */
public sealed interface ChatMessage {

    /** Instructions from the application. */
    record System(String text) implements ChatMessage {
        public System {
            Objects.requireNonNull(text, "text");
        }
    }

    /** What the user said. */
    record User(String text) implements ChatMessage {
        public User {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The model's turn: prose, tool calls, or both. */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
        public Assistant {
            text = text == null ? "" : text;
            toolCalls = List.copyOf(toolCalls);
        }

        public static Assistant of(String text) {
            return new Assistant(text, List.of());
        }

        public boolean hasToolCalls() {
            return !toolCalls.isEmpty();
        }
    }

    /**
     * The result of one tool call, as the model sees it: {@code content} is already delimited as untrusted data
     * by the agent. {@code error} marks a failed call (the tool's own error, a denial, a timeout).
     */
    record ToolResult(String callId, String toolName, String content, boolean error) implements ChatMessage {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(content, "content");
        }
    }
}
