package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The {@code /v1/models} response. */
public record ModelList(String object, List<ModelInfo> data) {
    public record ModelInfo(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
        public ModelInfo(String id, long created) {
            this(id, "model", created, "cairn");
        }
    }

    public ModelList(List<ModelInfo> data) {
        this("list", data);
    }
}
