package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Params of {@code sampling/createMessage}: the server asks the client's model for a completion.
 *
 * @param modelPreferences hints and cost/speed/intelligence priorities, as sent
 * @param includeContext   {@code none}, {@code thisServer} or {@code allServers} (soft-deprecated)
 * @param tools            tools the model may call (2025-11-25 sampling with tools), as sent, or null
 */
public record CreateMessageParams(List<SamplingMessage> messages, String systemPrompt, Integer maxTokens,
                                  Double temperature, List<String> stopSequences, JsonNode modelPreferences,
                                  String includeContext, JsonNode metadata, JsonNode tools, JsonNode toolChoice,
                                  @JsonProperty("_meta") ObjectNode meta) {
    public CreateMessageParams {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
