package dev.cairn.tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads llama.cpp's tokenizer test vectors: NAME.gguf.inp (strings) and NAME.gguf.out (ids per string). */
record VocabVectors(List<String> texts, List<int[]> ids) {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static VocabVectors read(Path inp, Path out) throws IOException {
        String input = Files.readString(inp, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(Arrays.asList(input.split(SEPARATOR, -1)));
        // every string is followed by the separator, so the text after the last one is empty
        if (!texts.isEmpty() && texts.getLast().isEmpty()) texts.removeLast();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        List<int[]> ids = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            ids.add(trimmed.isEmpty() ? new int[0] : Arrays.stream(trimmed.split(" ")).mapToInt(Integer::parseInt).toArray());
        }
        return new VocabVectors(texts, ids);
    }
}
