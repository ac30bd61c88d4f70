package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.server.ServerException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** A {@code POST /v1/completions} body: one prompt string (or an array holding one). */
public record CompletionRequest(String model, JsonNode prompt, Boolean stream,
                                @JsonProperty("stream_options") ChatCompletionRequest.StreamOptions streamOptions,
                                @JsonProperty("max_tokens") Integer maxTokens, Double temperature,
                                @JsonProperty("top_p") Double topP, Integer n, JsonNode stop, Long seed, Boolean echo) {
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** {@code max_tokens}; OpenAI's default for this endpoint is 16. */
    public int tokenLimit() {
        int n = Requests.maxTokens(maxTokens, "max_tokens");
        return n == 0 ? 16 : n;
    }

    public List<String> stopStrings() {
        return Requests.stop(stop);
    }

    /** The prompt text. */
    public String promptText() {
        if (prompt != null && prompt.isString()) return prompt.asString();
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) return prompt.get(0).asString();
        throw ServerException.invalid("prompt", "prompt must be a string (or an array of one string)");
    }

    public CompletionRequest validated() {
        if (promptText().isEmpty()) throw ServerException.invalid("prompt", "prompt is empty");
        Requests.sampling(temperature, topP, n);
        tokenLimit();
        stopStrings();
        return this;
    }
}
