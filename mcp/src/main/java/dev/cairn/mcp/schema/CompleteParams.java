package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Params of {@code completion/complete}: which argument of which prompt or template, its partial value, context. */
public record CompleteParams(CompletionReference ref, Argument argument, Context context,
                             @JsonProperty("_meta") ObjectNode meta) {
    public CompleteParams {
        Require.nonNull(ref, "ref");
        Require.nonNull(argument, "argument");
    }

    public record Argument(String name, String value) {
        public Argument {
            Require.nonNull(name, "name");
            Require.nonNull(value, "value");
        }
    }

    /** Arguments already resolved, by name. */
    public record Context(Map<String, String> arguments) {
    }
}
