package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A legacy text completion ({@code object} {@code text_completion}); streamed events have the same shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(String text, int index, Object logprobs, @JsonProperty("finish_reason") String finishReason) {}

    public static Completion of(String id, long created, String model, String text, String finishReason, Usage usage) {
        return new Completion(id, "text_completion", created, model, List.of(new Choice(text, 0, null, finishReason)), usage);
    }
}
