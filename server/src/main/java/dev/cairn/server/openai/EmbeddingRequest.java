package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.server.ServerException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A {@code POST /v1/embeddings} body: {@code input} is a string or an array of strings (token arrays are refused). */
public record EmbeddingRequest(String model, JsonNode input, @JsonProperty("encoding_format") String encodingFormat,
                               Integer dimensions) {
    public static final int MAX_INPUTS = 2048;

    /** The texts to embed, or a {@link ServerException} (400) saying what is wrong with {@code input}. */
    public List<String> texts() {
        if (encodingFormat != null && !encodingFormat.equals("float"))
            throw ServerException.invalid("encoding_format", "encoding_format must be float, got '" + encodingFormat + "'");
        if (input == null || input.isNull()) throw ServerException.invalid("input", "input is missing: give a string or an array of strings");
        var out = new ArrayList<String>();
        if (input.isString()) {
            out.add(input.asString());
        } else if (input.isArray()) {
            for (JsonNode n : input) {
                if (!n.isString()) throw ServerException.invalid("input", "input must be a string or an array of strings (token arrays are not supported)");
                out.add(n.asString());
            }
        } else {
            throw ServerException.invalid("input", "input must be a string or an array of strings");
        }
        if (out.isEmpty()) throw ServerException.invalid("input", "input is an empty array");
        if (out.size() > MAX_INPUTS) throw ServerException.invalid("input", "input has " + out.size() + " texts; at most " + MAX_INPUTS + " per request");
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isEmpty()) throw ServerException.invalid("input", "input[" + i + "] is empty");
        }
        return out;
    }
}
