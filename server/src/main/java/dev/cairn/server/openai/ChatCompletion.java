package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A whole chat completion ({@code object} {@code chat.completion}). */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {
    public record Choice(int index, ChatMessage message, @JsonProperty("finish_reason") String finishReason) {}

    public static ChatCompletion of(String id, long created, String model, ChatMessage message, String finishReason, Usage usage) {
        return new ChatCompletion(id, "chat.completion", created, model, List.of(new Choice(0, message, finishReason)), usage);
    }

    /** One streamed event ({@code object} {@code chat.completion.chunk}); the last one may carry only usage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices, Usage usage) {
        public static Chunk of(String id, long created, String model, Delta delta, String finishReason) {
            return new Chunk(id, "chat.completion.chunk", created, model, List.of(new ChunkChoice(0, delta, finishReason)), null);
        }

        public static Chunk usage(String id, long created, String model, Usage usage) {
            return new Chunk(id, "chat.completion.chunk", created, model, List.of(), usage);
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content, @JsonProperty("tool_calls") List<ToolCall> toolCalls) {}
}
