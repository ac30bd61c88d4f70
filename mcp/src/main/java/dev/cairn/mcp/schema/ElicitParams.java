package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * Params of {@code elicitation/create}: the server asks the user for input.
 *
 * @param mode            {@code form} (the default when absent) or {@code url}
 * @param requestedSchema form mode: a flat JSON Schema object of primitive properties (with defaults, enums)
 * @param url             url mode: where to send the user
 * @param elicitationId   url mode: the id the server will report completion with
 */
public record ElicitParams(String mode, String message, ObjectNode requestedSchema, String url, String elicitationId,
                           @JsonProperty("_meta") ObjectNode meta) {

    public boolean urlMode() {
        return "url".equals(mode);
    }
}
