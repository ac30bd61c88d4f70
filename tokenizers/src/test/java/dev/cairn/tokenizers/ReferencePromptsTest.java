package dev.cairn.tokenizers;

import dev.cairn.core.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * llama.cpp's reference runs (../shared/fixtures/reference): the prompt tokens (with BOS) of each case, and the
 * detokenized greedy continuation, from the models' own SentencePiece vocabularies.
 */
class ReferencePromptsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stories260K", "llama-2-tiny-random"})
    void promptsAndContinuationsMatchLlamaCpp(String name) throws Exception {
        Tokenizer tokenizer = Tokenizers.fromGguf(Fixtures.fixture("models/" + name + ".gguf"));
        Path reference = Fixtures.fixture("reference/" + name + ".json");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) JsonReader.parse(Files.readString(reference, StandardCharsets.UTF_8), reference.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) root.get("cases");
        for (Map<String, Object> c : cases) {
            String prompt = (String) c.get("prompt");
            assertArrayEquals(ids(c.get("prompt_tokens")), tokenizer.encode(prompt, true, false), prompt);
            // llama.cpp prints each token's piece as it streams, so the continuation keeps its leading space
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            for (int id : ids(c.get("greedy_tokens"))) streamed.writeBytes(tokenizer.tokenBytes(id));
            assertEquals(c.get("greedy_text"), streamed.toString(StandardCharsets.UTF_8), prompt);
        }
    }

    private static int[] ids(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
}
