package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** Completion suggestions, at most 100, with the total and whether more exist. */
public record CompleteResult(Completion completion, @JsonProperty("_meta") ObjectNode meta) {
    public CompleteResult {
        Require.nonNull(completion, "completion");
    }

    public static CompleteResult of(List<String> values) {
        return new CompleteResult(new Completion(values, null, null), null);
    }

    public record Completion(List<String> values, Integer total, Boolean hasMore) {
        public Completion {
            values = List.copyOf(Require.nonNull(values, "values"));
            if (values.size() > 100) {
                throw new IllegalArgumentException("at most 100 completion values, got " + values.size());
            }
        }
    }
}
