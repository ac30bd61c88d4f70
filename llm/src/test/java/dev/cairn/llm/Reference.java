package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A llama.cpp reference file from {@code fixtures/reference}: prompts, their last logits and greedy continuations. */
record Reference(String model, List<Case> cases) {

    record Case(String prompt, int[] promptTokens, float[] lastLogits, int[] greedyTokens) {}

    static Reference load(String name) {
        Path path = Fixtures.fixture("reference/" + name + ".json");
        JsonNode root = new ObjectMapper().readTree(path.toFile());
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            cases.add(new Case(c.get("prompt").asString(), ints(c.get("prompt_tokens")), floats(c.get("last_logits")),
                    ints(c.get("greedy_tokens"))));
        }
        return new Reference(root.get("model").asString(), cases);
    }

    Path modelPath() {
        return Fixtures.fixture("models/" + model);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }
}
