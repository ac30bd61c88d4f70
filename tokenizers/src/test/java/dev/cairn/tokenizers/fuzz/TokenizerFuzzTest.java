package dev.cairn.tokenizers.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.core.fuzz.FuzzProperty;
import dev.cairn.tokenizers.Tokenizer;
import dev.cairn.tokenizers.TokenizerException;
import dev.cairn.tokenizers.Tokenizers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the two tokenizer loaders: a hostile tokenizer.json and a hostile GGUF vocabulary
 * either load (and then encode and decode a fixed set of probe texts) or fail with a {@link TokenizerException}
 * with a message. Committed inputs (replayed in {@code mvn verify}) are in
 * {@code src/test/resources/dev/cairn/tokenizers/fuzz/TokenizerFuzzTestInputs/}: real-shaped tokenizer.json files
 * (WordPiece, byte-level BPE, unigram, a Split sequence) and GGUF vocabularies (stories260K's SentencePiece
 * vocabulary without its weights; small gpt2, bert and t5 ones). Fuzzing: {@code bin/fuzz tokenizers
 * TokenizerFuzzTest 300}.
 */
class TokenizerFuzzTest {
    /** Texts every loaded tokenizer must encode and decode without failing. */
    private static final List<String> PROBES = List.of("", " ", "hi there", "Héllo wörld  \t\n", "<|end|>[CLS]</s>",
            "日本語のテキスト", "😀 emoji", "\u0000\uFFFF", "a".repeat(300));

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("cairn-fuzz-", ".gguf");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tokenizerJson(byte[] input) {
        FuzzProperty.endsInResultOr(() -> exercise(Tokenizers.fromTokenizerJson(new ByteArrayInputStream(input), "fuzz.json")),
                TokenizerException.class);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void ggufVocab(byte[] input) throws IOException {
        Files.write(file, input);
        FuzzProperty.endsInResultOr(() -> exercise(Tokenizers.fromGguf(file)), TokenizerException.class);
    }

    private static void exercise(Tokenizer t) {
        for (String text : PROBES) {
            for (boolean special : new boolean[] {false, true}) {
                int[] ids = t.encode(text, special, special);
                for (int id : ids) {
                    if (id < 0 || id >= t.vocabSize()) throw new AssertionError("id " + id + " outside the vocabulary of " + t.vocabSize());
                }
                t.decode(ids, special);
            }
        }
    }
}
