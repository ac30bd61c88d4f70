package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.server.ServerException;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code POST /v1/chat/completions} body. Fields Cairn does not use (logprobs, response_format, user, ...) are
 * ignored. {@code tool_choice} {@code none} hides the tools from the model; other values offer them.
 */
public record ChatCompletionRequest(String model, List<ChatMessage> messages, Boolean stream,
                                    @JsonProperty("stream_options") StreamOptions streamOptions,
                                    @JsonProperty("max_tokens") Integer maxTokens,
                                    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
                                    Double temperature, @JsonProperty("top_p") Double topP, Integer n, JsonNode stop,
                                    Long seed, List<Tool> tools, @JsonProperty("tool_choice") JsonNode toolChoice,
                                    @JsonProperty("presence_penalty") Double presencePenalty,
                                    @JsonProperty("frequency_penalty") Double frequencyPenalty) {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {}

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}; 0 when neither is given. */
    public int tokenLimit() {
        int newer = Requests.maxTokens(maxCompletionTokens, "max_completion_tokens");
        return newer > 0 ? newer : Requests.maxTokens(maxTokens, "max_tokens");
    }

    public List<String> stopStrings() {
        return Requests.stop(stop);
    }

    /** The tools to offer the model: none when {@code tool_choice} is {@code "none"}. */
    public List<Tool> offeredTools() {
        if (tools == null || (toolChoice != null && "none".equals(toolChoice.asString("")))) return List.of();
        return tools;
    }

    /** This request, or a {@link ServerException} (400) naming the first field that is wrong. */
    public ChatCompletionRequest validated() {
        if (messages == null || messages.isEmpty())
            throw ServerException.invalid("messages", "messages must be a non-empty array of {role, content} objects");
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String param = "messages[" + i + "]";
            if (m == null) throw ServerException.invalid(param, param + " is null");
            if (m.role() == null || !ROLES.contains(m.role()))
                throw ServerException.invalid(param + ".role", param + ".role must be one of " + ROLES.stream().sorted().toList()
                        + ", got " + (m.role() == null ? "nothing" : "'" + m.role() + "'"));
            JsonNode c = m.content();
            if (c != null && !c.isNull() && !c.isString() && !c.isArray())
                throw ServerException.invalid(param + ".content", param + ".content must be a string or an array of content parts");
            if ((c == null || c.isNull()) && (m.toolCalls() == null || m.toolCalls().isEmpty()))
                throw ServerException.invalid(param + ".content", param + ".content is missing");
        }
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                Tool t = tools.get(i);
                String param = "tools[" + i + "]";
                if (t == null || !"function".equals(t.type()) || t.function() == null)
                    throw ServerException.invalid(param, param + " must be {\"type\": \"function\", \"function\": {...}}");
                if (t.function().name() == null || !TOOL_NAME.matcher(t.function().name()).matches())
                    throw ServerException.invalid(param + ".function.name", param + ".function.name must be 1 to 64 letters, digits, '_' or '-'");
                JsonNode p = t.function().parameters();
                if (p != null && !p.isObject())
                    throw ServerException.invalid(param + ".function.parameters", param + ".function.parameters must be a JSON Schema object");
            }
        }
        if (toolChoice != null && !toolChoice.isNull() && !toolChoice.isObject()
                && !Set.of("none", "auto", "required").contains(toolChoice.asString("")))
            throw ServerException.invalid("tool_choice", "tool_choice must be none, auto, required or {\"type\": \"function\", ...}");
        Requests.sampling(temperature, topP, n);
        tokenLimit();
        stopStrings();
        return this;
    }
}
