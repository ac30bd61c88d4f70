package dev.cairn.tokenizers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every llama.cpp test vector in ../shared/fixtures/tokenizers, token for token. */
class GgufVocabVectorsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bert-bge", "llama-spm", "llama3", "gpt-2", "starcoder", "falcon", "deepseek-coder"})
    void reproducesEveryVector(String name) throws Exception {
        Path gguf = FixtureTokenizers.gguf(name);
        VocabVectors vectors = VocabVectors.read(Path.of(gguf + ".inp"), Path.of(gguf + ".out"));
        assertEquals(vectors.texts().size(), vectors.ids().size(), "strings and id lines");
        Tokenizer tokenizer = FixtureTokenizers.get(name);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < vectors.texts().size(); i++) {
            String text = vectors.texts().get(i);
            int[] actual = tokenizer.encode(text);
            if (!Arrays.equals(vectors.ids().get(i), actual)) {
                failures.add("#" + i + " " + printable(text) + "\n  expected " + Arrays.toString(vectors.ids().get(i))
                        + "\n  actual   " + Arrays.toString(actual));
            }
        }
        assertTrue(failures.isEmpty(), name + ": " + failures.size() + " of " + vectors.texts().size()
                + " vectors differ:\n" + String.join("\n", failures));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llama-spm", "llama3", "gpt-2", "starcoder", "falcon", "deepseek-coder"})
    void decodeRoundTrips(String name) throws Exception {
        Path gguf = FixtureTokenizers.gguf(name);
        VocabVectors vectors = VocabVectors.read(Path.of(gguf + ".inp"), Path.of(gguf + ".out"));
        Tokenizer tokenizer = FixtureTokenizers.get(name);
        for (String text : vectors.texts()) {
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)), () -> name + ": " + printable(text));
        }
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else if (c == '\r') sb.append("\\r");
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
