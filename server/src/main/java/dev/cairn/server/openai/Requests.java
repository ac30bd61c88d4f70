package dev.cairn.server.openai;

import dev.cairn.server.ServerException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Checks shared by the request records: sampling ranges and {@code stop}. */
final class Requests {
    static final int MAX_STOP = 4;

    private Requests() {}

    static void sampling(Double temperature, Double topP, Integer n) {
        if (temperature != null && !(temperature >= 0 && temperature <= 2))
            throw ServerException.invalid("temperature", "temperature must be between 0 and 2, got " + temperature);
        if (topP != null && !(topP > 0 && topP <= 1))
            throw ServerException.invalid("top_p", "top_p must be greater than 0 and at most 1, got " + topP);
        if (n != null && n != 1)
            throw ServerException.invalid("n", "n must be 1 (one choice per request is supported), got " + n);
    }

    static int maxTokens(Integer value, String param) {
        if (value != null && value < 1)
            throw ServerException.invalid(param, param + " must be at least 1, got " + value);
        return value == null ? 0 : value;
    }

    /** {@code stop} as a list: absent, one string or up to four. */
    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) return List.of();
        var out = new ArrayList<String>();
        if (stop.isString()) {
            out.add(stop.asString());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isString()) throw ServerException.invalid("stop", "stop must be a string or an array of strings");
                out.add(s.asString());
            }
        } else {
            throw ServerException.invalid("stop", "stop must be a string or an array of strings");
        }
        if (out.size() > MAX_STOP) throw ServerException.invalid("stop", "stop takes at most " + MAX_STOP + " strings, got " + out.size());
        for (String s : out) if (s.isEmpty()) throw ServerException.invalid("stop", "a stop string cannot be empty");
        return List.copyOf(out);
    }
}
